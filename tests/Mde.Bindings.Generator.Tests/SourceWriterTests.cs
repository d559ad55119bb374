using Mde.Bindings.Generator.Emit;

namespace Mde.Bindings.Generator.Tests;

/// <summary>
/// The writer every emitter uses: an emitter bug that leaves a block open or closes one too many must fail loudly
/// (the generator turns the exception into MDE2099), never be papered over with a quietly added brace.
/// </summary>
public sealed class SourceWriterTests
{
    [Fact]
    public void Finishing_with_a_block_still_open_throws()
    {
        SourceWriter w = SourceWriter.ForFile("Contoso");
        w.Line("class A").Open().Line("int X;");

        var ex = Assert.Throws<InvalidOperationException>(() => w.Finish());
        Assert.Contains("1 block(s) still open", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Closing_more_blocks_than_were_opened_throws()
    {
        SourceWriter w = SourceWriter.ForFile("Contoso");
        w.Line("class A").Open().Close();

        // The namespace block is the file's: an emitter closing it is one Close too many.
        var ex = Assert.Throws<InvalidOperationException>(() => w.Close());
        Assert.Contains("without a matching Open()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_after_the_file_is_finished_throws()
    {
        SourceWriter w = SourceWriter.ForFile("Contoso");
        w.Finish();

        Assert.Throws<InvalidOperationException>(() => w.Line("class Late { }"));
        Assert.Throws<InvalidOperationException>(() => w.Finish());
    }

    [Fact]
    public void A_balanced_file_is_indented_and_closed_and_templates_keep_blank_lines_blank()
    {
        SourceWriter w = SourceWriter.ForFile("Contoso");
        w.Line("class A").Open().Block("""
            int X;

            int Y() => X;
            """).Close();

        string text = w.Finish();

        Assert.EndsWith(
            "namespace Contoso\n{\n    class A\n    {\n        int X;\n\n        int Y() => X;\n    }\n}\n",
            text,
            StringComparison.Ordinal);
    }
}
