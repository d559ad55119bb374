using System.Text.RegularExpressions;

namespace Mde.Bindings.DocsCheck.DocsPages;

/// <summary>
/// Reads a permissions table in any of the shapes the pages use: with or without outer pipes, one permission
/// per row or several in one cell (<c>&lt;br&gt;</c>, commas), names in backticks or stray quotes, and two
/// names printed without a separator. What had to be repaired is reported as an anomaly.
/// </summary>
internal static partial class PermissionsTableReader
{
    /// <summary>The application and delegated permissions of the table rows in <paramref name="sectionLines"/>.</summary>
    public static (List<string> Application, List<string> Delegated) Read(IEnumerable<string> sectionLines, List<string> anomalies)
    {
        var application = new List<string>();
        var delegated = new List<string>();
        foreach (string line in sectionLines)
        {
            string[] cells = line.Trim().Trim('|').Split('|');
            if (cells.Length < 2)
            {
                continue;
            }

            string type = cells[0].Trim().Trim('`', '*');
            List<string>? target =
                type.StartsWith("Application", StringComparison.OrdinalIgnoreCase) ? application
                : type.StartsWith("Delegated", StringComparison.OrdinalIgnoreCase) ? delegated
                : null;
            if (target is null)
            {
                continue;
            }

            foreach (string name in Names(cells[1], anomalies))
            {
                if (!target.Contains(name, StringComparer.Ordinal))
                {
                    target.Add(name);
                }
            }
        }

        return (application, delegated);
    }

    private static IEnumerable<string> Names(string cell, List<string> anomalies)
    {
        foreach (string part in Separator().Split(cell))
        {
            string token = part.Trim();
            if (token.Length == 0)
            {
                continue;
            }

            string cleaned = token.Trim('`', '*', ' ');
            if (NotSupported().IsMatch(cleaned))
            {
                continue;
            }

            string stripped = cleaned.Trim('"', '\'', '`');
            if (stripped != cleaned)
            {
                anomalies.Add($"stray quote around permission '{stripped}' (printed {token})");
            }

            if (!PermissionName().IsMatch(stripped))
            {
                anomalies.Add($"'{token}' in the permission column is not a permission name");
                continue;
            }

            string[] segments = stripped.Split('.');
            if (segments.Zip(segments.Skip(1)).Any(pair => pair.First == pair.Second))
            {
                anomalies.Add($"permission '{stripped}' repeats a segment");
            }

            foreach (string name in SplitRunTogether(stripped, anomalies))
            {
                yield return name;
            }
        }
    }

    /// <summary>
    /// <c>Machine.StopAndQuarantineMachine.LiveResponse</c>: the first name's resource (<c>Machine.</c>) starts
    /// again inside the token, so two names were printed without a separator.
    /// </summary>
    private static IEnumerable<string> SplitRunTogether(string name, List<string> anomalies)
    {
        string resource = name[..(name.IndexOf('.', StringComparison.Ordinal) + 1)];
        int again = name.IndexOf(resource, resource.Length, StringComparison.Ordinal);
        if (again <= 0 || !char.IsLower(name[again - 1]))
        {
            return [name];
        }

        string first = name[..again];
        string second = name[again..];
        anomalies.Add($"two permissions run together: '{name}' read as '{first}' and '{second}'");
        return [first, .. SplitRunTogether(second, anomalies)];
    }

    [GeneratedRegex(@"<br\s*/?>|<p>|,|\s+(?:or|and)\s+|\s{2,}|\s(?=[A-Z][A-Za-z]*\.[A-Z])", RegexOptions.IgnoreCase)]
    private static partial Regex Separator();

    [GeneratedRegex(@"^(not supported|n/a|none|-)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex NotSupported();

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$")]
    private static partial Regex PermissionName();
}
