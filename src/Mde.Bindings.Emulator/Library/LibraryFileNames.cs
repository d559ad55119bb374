namespace Mde.Bindings.Emulator.Library;

/// <summary>The library's naming rule: the portal's upload rules allow letters, digits, '-', '_' and '.' only.</summary>
internal static class LibraryFileNames
{
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 255 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static void ThrowIfInvalid(string? name, string parameterName)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException($"The library file name '{name}' is not allowed: use 1 to 255 letters, digits, '-', '_' or '.'.", parameterName);
        }
    }
}
