namespace Mde.Bindings.Emulator.Library;

/// <summary>
/// The library's naming rule: the client's (letters, digits, '-', '_' and '.' only, from the portal's upload rules), and
/// at most 255 characters.
/// </summary>
internal static class LibraryFileNames
{
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= 255 } && LiveResponse.LibraryFileName.Problem(name) is null;

    public static void ThrowIfInvalid(string? name, string parameterName)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException($"The library file name '{name}' is not allowed: use 1 to 255 letters, digits, '-', '_' or '.'.", parameterName);
        }
    }
}
