namespace Mde.Bindings.DocsCheck.DocsPages;

/// <summary>
/// Finds permission names that only one or two pages print and that differ from a name most pages print by a
/// plural resource (<c>Alerts.ReadWrite.All</c> beside <c>Alert.ReadWrite.All</c>) or by a misplaced dot
/// (<c>Machine.Read.Write</c> beside <c>Machine.ReadWrite</c>): the pages' typos.
/// </summary>
internal static class PermissionNameTypos
{
    /// <summary>The operations, each with a typo anomaly added where one of its permissions is such a variant.</summary>
    public static IReadOnlyList<DocsOperation> Mark(IReadOnlyList<DocsOperation> operations)
    {
        Dictionary<string, int> uses = operations
            .SelectMany(o => o.ApplicationPermissions.Concat(o.DelegatedPermissions))
            .GroupBy(n => n, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        return operations.Select(o =>
        {
            var typos = o.ApplicationPermissions.Concat(o.DelegatedPermissions)
                .Select(name => (name, usual: Usual(name, uses)))
                .Where(x => x.usual is not null)
                .Select(x => $"permission '{x.name}' is probably a typo of '{x.usual}' (printed on {uses[x.name]} operation(s), the other on {uses[x.usual!]})")
                .ToList();
            return typos.Count == 0 ? o : o with { Anomalies = [.. o.Anomalies, .. typos] };
        }).ToList();
    }

    /// <summary>
    /// The more common name <paramref name="name"/> is a variant of: the resource in the other number
    /// (<c>Alerts.</c>/<c>Alert.</c>), or the same letters with the dots elsewhere (<c>Machine.Read.Write</c>).
    /// </summary>
    private static string? Usual(string name, Dictionary<string, int> uses)
    {
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        string resource = name[..dot];
        string rest = name[dot..];
        string otherNumber = resource.EndsWith('s') ? resource[..^1] + rest : resource + "s" + rest;
        string letters = name.Replace(".", string.Empty, StringComparison.Ordinal);
        return uses.Keys
            .Where(other => other == otherNumber || (other != name && other.Replace(".", string.Empty, StringComparison.Ordinal) == letters))
            .Where(other => uses[other] > uses[name])
            .OrderByDescending(other => uses[other])
            .FirstOrDefault();
    }
}
