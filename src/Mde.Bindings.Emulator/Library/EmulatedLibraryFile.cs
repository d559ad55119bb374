using Mde.Bindings.Emulator.Scripts;

namespace Mde.Bindings.Emulator.Library;

/// <summary>
/// A file in the emulated live response library. A script's content may carry <c># emulator.*</c> directives that
/// decide what running it produces (see <see cref="ScriptBehavior"/> and docs/emulator.md).
/// </summary>
public sealed class EmulatedLibraryFile
{
    /// <summary>Creates a library file.</summary>
    /// <param name="fileName">The name commands refer to (letters, digits, '-', '_' and '.').</param>
    /// <param name="content">The file's bytes.</param>
    /// <exception cref="ArgumentException">The name is empty or holds a character the library does not allow.</exception>
    public EmulatedLibraryFile(string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        LibraryFileNames.ThrowIfInvalid(fileName, nameof(fileName));
        FileName = fileName;
        Content = content;
    }

    /// <summary>The file's name in the library.</summary>
    public string FileName { get; }

    /// <summary>The file's bytes.</summary>
    public byte[] Content { get; }

    /// <summary>The description given at upload.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the script takes arguments.</summary>
    public bool HasParameters { get; init; }

    /// <summary>How to call the script.</summary>
    public string? ParametersDescription { get; init; }

    /// <summary>Who uploaded the file.</summary>
    public string CreatedBy { get; init; } = "emulator";

    /// <inheritdoc/>
    public override string ToString() => $"{FileName} ({Content.Length} bytes)";
}
