namespace Mde.Bindings.Emulator.OData;

/// <summary>One key of <c>$orderby</c>: a property and its direction (asc unless desc is written).</summary>
internal sealed record OrderByClause(QueryProperty Property, bool Descending)
{
    /// <summary>Parses <c>prop [asc|desc], prop [asc|desc], ...</c>, names and keywords in any case.</summary>
    /// <exception cref="ODataQueryException">A key is empty, names no property, or has a direction other than asc or desc.</exception>
    public static IReadOnlyList<OrderByClause> ParseList(string text)
    {
        var clauses = new List<OrderByClause>();
        foreach (string item in text.Split(','))
        {
            string[] words = item.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length is 0 or > 2)
            {
                throw new ODataQueryException($"$orderby '{text}' is not a list of 'property [asc|desc]' separated by commas.");
            }

            bool descending = words.Length == 2 && (string.Equals(words[1], "desc", StringComparison.OrdinalIgnoreCase)
                || (!string.Equals(words[1], "asc", StringComparison.OrdinalIgnoreCase)
                    ? throw new ODataQueryException($"$orderby direction '{words[1]}' is neither asc nor desc.")
                    : false));
            clauses.Add(new OrderByClause(MachineActionProperties.Find(words[0]), descending));
        }

        return clauses;
    }
}
