using System.CommandLine;

namespace Mde.Bindings.Cli.Commands;

/// <summary>
/// The <c>--output</c> check made while parsing, before any call: the folder exists and takes a file, or can be
/// created where a file can be written. A folder that cannot be written is a command-line mistake (exit 2), found
/// before an action runs on the device rather than after.
/// </summary>
internal static class OutputFolderRule
{
    public static Option<string?> WritableFolder(this Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path && Problem(path) is { } problem)
            {
                result.AddError($"{option.Name} '{path}' {problem}");
            }
        });
        return option;
    }

    /// <summary>Why nothing can be written in <paramref name="path"/>, or null when a probe file could be.</summary>
    internal static string? Problem(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            return "is not a folder path: give the folder to write the result in.";
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"is not a usable path ({e.Message}).";
        }

        if (File.Exists(full))
        {
            return "is a file: give a folder (it is created when missing).";
        }

        // The folder itself, or the nearest folder above it that exists (where the missing ones would be created).
        string? existing = full;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                return $"cannot be created: '{existing}' is a file.";
            }

            existing = Path.GetDirectoryName(existing);
        }

        if (existing is null)
        {
            return "cannot be created: no folder above it exists.";
        }

        string probe = Path.Combine(existing, $".mde-lr-probe-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return existing == full
                ? $"cannot be written ({e.Message}): give a folder you can write to."
                : $"cannot be created in '{existing}' ({e.Message}): give a folder you can write to.";
        }
    }
}
