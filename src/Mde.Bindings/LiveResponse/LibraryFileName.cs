using System.Buffers;

namespace Mde.Bindings.LiveResponse;

/// <summary>
/// The rule for library file names: letters, digits, '-', '_' and '.', as the portal's upload rules say. An upload is
/// checked against it before any call is made; a tool can ask first, to refuse a bad name as a usage error.
/// </summary>
internal static class LibraryFileName
{
    // Built once: a search over a fixed set of characters is faster from a SearchValues.
    private static readonly SearchValues<char> s_allowedCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    /// <summary>Why <paramref name="fileName"/> cannot name a library file, or null when it can.</summary>
    public static string? Problem(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return "the name is empty";
        }

        int bad = fileName.AsSpan().IndexOfAnyExcept(s_allowedCharacters);
        return bad < 0
            ? null
            : $"'{fileName}' holds '{fileName[bad]}' at position {bad}; library names use only letters, digits, '-', '_' and '.', so rename the file";
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="fileName"/> cannot name a library file.</summary>
    internal static void Validate(string fileName, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName, parameterName);
        if (Problem(fileName) is { } problem)
        {
            throw new ArgumentException("Library file name refused: " + problem + ".", parameterName);
        }
    }
}
