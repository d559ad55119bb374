using Mde.Bindings.Emulator.Library;

namespace Mde.Bindings.Emulator.Admin;

/// <summary>A library file as the admin endpoint takes it: <c>text</c> (UTF-8) or <c>content</c> (base64).</summary>
internal sealed class AdminLibraryFile
{
    public string FileName { get; set; } = string.Empty;

    public string? Text { get; set; }

    public byte[]? Content { get; set; }

    public string? Description { get; set; }

    public bool HasParameters { get; set; }

    public string? ParametersDescription { get; set; }

    public EmulatedLibraryFile ToLibraryFile()
    {
        if ((Text is null) == (Content is null))
        {
            throw new ArgumentException("Give the file's content as either 'text' or 'content' (base64), not both and not neither.");
        }

        return new EmulatedLibraryFile(FileName, Content ?? System.Text.Encoding.UTF8.GetBytes(Text!))
        {
            Description = Description,
            HasParameters = HasParameters,
            ParametersDescription = ParametersDescription,
            CreatedBy = "admin",
        };
    }
}
