using System.Net;
using System.Text;
using Mde.Bindings.Downloads;
using Mde.Bindings.Tests.Downloads;
using Mde.Bindings.Transcripts;
using Microsoft.Extensions.Time.Testing;

namespace Mde.Bindings.Tests.Transcripts;

/// <summary>A command result downloaded at once and read as a transcript.</summary>
public sealed class TranscriptDownloadTests
{
    private static readonly byte[] s_docsExample =
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "docs-examples", "live-response-transcript.doc-example.txt"));

    private readonly FakeTimeProvider _time = new(TestContent.Now);

    [Fact]
    public async Task A_result_link_is_read_as_a_transcript_even_gzip_compressed_after_a_fresh_link()
    {
        var storage = new FakeStorageHandler(request => request.RequestUri!.Query.Contains("sig=old")
            ? new HttpResponseMessage(HttpStatusCode.Forbidden)
            : FakeStorageHandler.Ok(TestContent.Gzip(s_docsExample)));

        ScriptTranscript transcript = await Downloader(storage).ReadTranscriptAsync(
            TestContent.Links(call => TestContent.RawLink(TestContent.Link(signature: call == 0 ? "old" : "new"))));

        Assert.Equal("minidump.ps1", transcript.ScriptName);
        Assert.EndsWith("51 MB\n", transcript.Output);
        Assert.Equal(2, storage.Requests.Count);
    }

    [Fact]
    public async Task The_output_of_a_result_link_can_be_streamed_to_a_writer()
    {
        var writer = new StringWriter();

        TranscriptSummary summary = await Downloader(FakeStorageHandler.Serving(s_docsExample))
            .CopyTranscriptOutputToAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), writer);

        Assert.EndsWith("OfficeClickToRun.dmp.zip\n51 MB\n", writer.ToString());
        Assert.Equal(Encoding.UTF8.GetByteCount(writer.ToString()), summary.OutputBytes);
    }

    [Fact]
    public async Task A_cut_off_transcript_is_a_download_failure_and_leaves_no_file()
    {
        string folder = Directory.CreateTempSubdirectory("mde-transcript-download-").FullName;
        try
        {
            string path = Path.Combine(folder, "output.txt");
            var storage = new FakeStorageHandler(_ => TestContent.CutOff(s_docsExample, 120, fail: false));

            var error = await Assert.ThrowsAsync<DownloadFailedException>(() => Downloader(storage)
                .SaveTranscriptOutputToFileAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), path));

            Assert.Contains("cut off: 120 of", error.Message);
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_broken_transcript_is_a_format_error()
    {
        var storage = FakeStorageHandler.Serving("{\"exit_code\": \"zero\", \"script_output\": \"\"}"u8.ToArray());

        var error = await Assert.ThrowsAsync<TranscriptFormatException>(() => Downloader(storage)
            .ReadTranscriptAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link()))));

        Assert.Contains("'exit_code' must be an integer", error.Message);
    }

    private LinkDownloader Downloader(HttpMessageHandler storage) => new(new HttpClient(storage), timeProvider: _time);
}
