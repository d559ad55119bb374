using Mde.Bindings.IO;

namespace Mde.Bindings.Transcripts;

/// <summary>
/// Reads the result file of a RunScript command (the "transcript"):
/// <c>{"script_name": …, "exit_code": …, "script_output": …, "script_errors": …}</c>.
/// Tolerant where the published documentation drifted: the older names <c>name</c> and <c>script_error</c> are
/// accepted, raw control characters inside strings (the docs' own example holds a raw line feed) are kept as
/// they are, and the NUL padding at the end of a string is removed. Strict where the file is broken: a
/// <see cref="TranscriptFormatException"/> says what is wrong and where. The input is read through one pooled
/// buffer; the output can be streamed to a <see cref="Stream"/>, a <see cref="TextWriter"/> or a file without
/// holding it in memory.
/// </summary>
/// <example>
/// <code>
/// await using FileStream saved = File.OpenRead("00-collect-logs.ps1.transcript.json");
/// ScriptTranscript transcript = await TranscriptReader.ReadAsync(saved);
/// Console.WriteLine($"{transcript.ScriptName} exited {transcript.ExitCode}");
/// </code>
/// </example>
public static class TranscriptReader
{
    /// <summary>Reads a whole transcript into memory; each string member is capped by <see cref="TranscriptReaderOptions.MaxInMemoryLength"/>.</summary>
    /// <param name="transcript">The transcript's UTF-8 JSON, read to its end.</param>
    /// <param name="options">Caps and buffer size; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="TranscriptFormatException">The transcript is broken.</exception>
    /// <exception cref="TranscriptTooLargeException">A member is longer than the cap: stream the output instead.</exception>
    public static async Task<ScriptTranscript> ReadAsync(Stream transcript, TranscriptReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        options = Checked(options);
        var output = new StringSink(options.MaxInMemoryLength, Protocol.LiveResponseTranscript.JsonNames.ScriptOutput);
        ParsedTranscript parsed = await TranscriptParser.ParseAsync(transcript, output, options, cancellationToken).ConfigureAwait(false);
        return new ScriptTranscript(parsed.ScriptName, parsed.ExitCode, output.ToString(), parsed.Errors);
    }

    /// <summary>Reads a transcript and writes its output, as UTF-8 bytes, to <paramref name="output"/> as it arrives.</summary>
    /// <param name="transcript">The transcript's UTF-8 JSON, read to its end.</param>
    /// <param name="output">Where the output goes; flushed at the end, not closed.</param>
    /// <param name="options">Caps (for the name and errors) and buffer size; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The other members and the number of output bytes written.</returns>
    /// <exception cref="TranscriptFormatException">The transcript is broken; <paramref name="output"/> may hold part of the output.</exception>
    public static async Task<TranscriptSummary> CopyOutputToAsync(Stream transcript, Stream output, TranscriptReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentNullException.ThrowIfNull(output);
        var sink = new Utf8StreamSink(output);
        ParsedTranscript parsed = await TranscriptParser.ParseAsync(transcript, sink, Checked(options), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new TranscriptSummary(parsed.ScriptName, parsed.ExitCode, parsed.Errors, sink.BytesWritten);
    }

    /// <summary>Reads a transcript and writes its output to <paramref name="output"/> as it arrives.</summary>
    /// <param name="transcript">The transcript's UTF-8 JSON, read to its end.</param>
    /// <param name="output">Where the output goes; flushed at the end, not closed.</param>
    /// <param name="options">Caps (for the name and errors) and buffer size; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The other members and the number of output bytes (UTF-8) that were decoded and written.</returns>
    /// <exception cref="TranscriptFormatException">The transcript is broken; <paramref name="output"/> may hold part of the output.</exception>
    public static async Task<TranscriptSummary> CopyOutputToAsync(Stream transcript, TextWriter output, TranscriptReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentNullException.ThrowIfNull(output);
        options = Checked(options);
        var sink = new TextWriterSink(output, options.BufferSize);
        ParsedTranscript parsed = await TranscriptParser.ParseAsync(transcript, sink, options, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new TranscriptSummary(parsed.ScriptName, parsed.ExitCode, parsed.Errors, sink.BytesWritten);
    }

    /// <summary>
    /// Reads a transcript and writes its output as a UTF-8 file, atomically: the file appears complete once the
    /// transcript has been read without error, and a previous file at <paramref name="path"/> is otherwise untouched.
    /// </summary>
    /// <param name="transcript">The transcript's UTF-8 JSON, read to its end.</param>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="options">Caps (for the name and errors) and buffer size; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read; no file is left behind.</param>
    /// <returns>The other members and the number of output bytes written.</returns>
    /// <exception cref="TranscriptFormatException">The transcript is broken; no file was written.</exception>
    public static Task<TranscriptSummary> SaveOutputToFileAsync(Stream transcript, string path, TranscriptReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return SaveOutputToCheckedPathAsync(transcript, AtomicFile.ValidateDestination(path), options, cancellationToken);
    }

    /// <summary>Like <see cref="SaveOutputToFileAsync"/>, for a path <see cref="AtomicFile.ValidateDestination"/> already checked.</summary>
    internal static Task<TranscriptSummary> SaveOutputToCheckedPathAsync(Stream transcript, string fullPath, TranscriptReaderOptions? options, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(
            fullPath,
            preallocationSize: 0,
            async (file, ct) =>
            {
                // The file is unbuffered; small pieces of output are gathered before they are written. Copying flushes
                // the buffer at the end, and the buffer is not disposed because that would close the file early.
                var buffered = new BufferedStream(file, 64 * 1024);
                return await CopyOutputToAsync(transcript, buffered, options, ct).ConfigureAwait(false);
            },
            cancellationToken);

    private static TranscriptReaderOptions Checked(TranscriptReaderOptions? options)
    {
        options ??= TranscriptReaderOptions.Default;
        options.Validate();
        return options;
    }
}
