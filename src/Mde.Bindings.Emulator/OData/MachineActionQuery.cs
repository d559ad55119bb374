using System.Globalization;
using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.OData;

/// <summary>
/// The OData query options of List machineActions: <c>$filter</c>, <c>$orderby</c>, <c>$top</c>, <c>$skip</c> and
/// <c>$count</c>, applied in the order OData defines (filter, order, skip, top; the count ignores skip and top).
/// </summary>
internal sealed class MachineActionQuery
{
    /// <summary>The largest page the service returns.</summary>
    public const int MaxTop = 10_000;

    // System query options of OData 4.01 the emulator does not implement: refused by name rather than ignored.
    private static readonly string[] s_notImplemented = ["$select", "$expand", "$search", "$format", "$skiptoken", "$deltatoken", "$apply", "$compute", "$index", "$levels", "$schemaversion", "$id"];

    private Func<MachineAction, bool> _filter = _ => true;
    private IReadOnlyList<OrderByClause> _orderBy = [];
    private int _top = MaxTop;
    private int _skip;

    private MachineActionQuery()
    {
    }

    /// <summary>Whether the answer carries <c>@odata.count</c> (<c>$count=true</c>).</summary>
    public bool Count { get; private set; }

    /// <exception cref="ODataQueryException">An option is malformed or not supported; the message says which and why.</exception>
    public static MachineActionQuery Parse(IEnumerable<KeyValuePair<string, string?>> options)
    {
        var query = new MachineActionQuery();
        foreach ((string name, string? value) in options)
        {
            if (!name.StartsWith('$'))
            {
                continue;
            }

            string text = value ?? string.Empty;
            switch (name.ToLowerInvariant())
            {
                case "$filter":
                    query._filter = FilterParser.Parse(text);
                    break;
                case "$orderby":
                    query._orderBy = OrderByClause.ParseList(text);
                    break;
                case "$top":
                    query._top = ReadWholeNumber(name, text, MaxTop);
                    break;
                case "$skip":
                    query._skip = ReadWholeNumber(name, text, int.MaxValue);
                    break;
                case "$count":
                    query.Count = bool.TryParse(text, out bool count) ? count : throw new ODataQueryException($"$count must be true or false, not '{text}'.");
                    break;
                default:
                    throw new ODataQueryException(s_notImplemented.Contains(name, StringComparer.OrdinalIgnoreCase)
                        ? $"The emulator does not implement {name}."

                        // The service's own words for an unknown option (MicrosoftDocs/microsoft-365-docs issue 12682).
                        : $"Custom query option '{name}' that starts with '$' is not supported.");
            }
        }

        return query;
    }

    /// <summary>Filters, orders and pages <paramref name="newestFirst"/> (the order without <c>$orderby</c>).</summary>
    /// <returns>The page, and the number of actions that match the filter.</returns>
    public (IReadOnlyList<MachineAction> Page, int Matched) Apply(IEnumerable<MachineAction> newestFirst)
    {
        List<MachineAction> matched = [.. newestFirst.Where(_filter)];
        IEnumerable<MachineAction> ordered = matched;
        if (_orderBy.Count > 0)
        {
            IOrderedEnumerable<MachineAction> sorted = Sort(matched, _orderBy[0]);
            foreach (OrderByClause clause in _orderBy.Skip(1))
            {
                sorted = clause.Descending
                    ? sorted.ThenByDescending(a => clause.Property.Read(a), ValueComparer.Instance)
                    : sorted.ThenBy(a => clause.Property.Read(a), ValueComparer.Instance);
            }

            ordered = sorted;
        }

        return ([.. ordered.Skip(_skip).Take(_top)], matched.Count);
    }

    private static IOrderedEnumerable<MachineAction> Sort(IEnumerable<MachineAction> actions, OrderByClause clause) =>
        clause.Descending
            ? actions.OrderByDescending(a => clause.Property.Read(a), ValueComparer.Instance)
            : actions.OrderBy(a => clause.Property.Read(a), ValueComparer.Instance);

    private static int ReadWholeNumber(string name, string text, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value <= max
            ? value
            : throw new ODataQueryException($"{name} must be a whole number from 0 to {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'.");

    private sealed class ValueComparer : IComparer<object?>
    {
        public static readonly ValueComparer Instance = new();

        public int Compare(object? x, object? y) => MachineActionProperties.Compare(x, y);
    }
}
