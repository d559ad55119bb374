using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.OData;

/// <summary>The value types the query options compare.</summary>
internal enum PropertyKind
{
    String,
    DateTime,
    Int32,
}

/// <summary>A scalar property of a machine action the query options can name.</summary>
internal sealed record QueryProperty(string Name, PropertyKind Kind, bool Filterable, Func<MachineAction, object?> Read)
{
    /// <summary>The OData type name, for messages.</summary>
    public string EdmType => Kind switch
    {
        PropertyKind.DateTime => "Edm.DateTimeOffset",
        PropertyKind.Int32 => "Edm.Int32",
        _ => "Edm.String",
    };
}

/// <summary>
/// The machine action's scalar properties, found by name in any case: peers send <c>CreationDateTimeUtc</c>
/// (msdirtbag/MDEAutomator function/MDEAutomator/MDEAutomator.psm1, Get-Actions) where the docs write
/// <c>creationDateTimeUtc</c>.
/// </summary>
internal static class MachineActionProperties
{
    // $filter takes the properties the List machineActions page names: id, status, machineId, type, requestor and
    // creationDateTimeUtc (MicrosoftDocs/microsoft-365-docs PR 5998, which added id after issue 5899).
    // Every scalar property can be sorted on: no source says which the service sorts on, so the emulator is lenient.
    private static readonly QueryProperty[] s_all =
    [
        new("id", PropertyKind.String, true, a => a.Id),
        new("type", PropertyKind.String, true, a => a.Type.ToString()),
        new("scope", PropertyKind.String, false, a => a.Scope),
        new("requestor", PropertyKind.String, true, a => a.Requestor),
        new("externalId", PropertyKind.String, false, a => a.ExternalId),
        new("requestSource", PropertyKind.String, false, a => a.RequestSource),
        new("cancellationRequestor", PropertyKind.String, false, a => a.CancellationRequestor),
        new("requestorComment", PropertyKind.String, false, a => a.RequestorComment),
        new("cancellationComment", PropertyKind.String, false, a => a.CancellationComment),
        new("status", PropertyKind.String, true, a => a.Status.ToString()),
        new("machineId", PropertyKind.String, true, a => a.MachineId),
        new("computerDnsName", PropertyKind.String, false, a => a.ComputerDnsName),
        new("creationDateTimeUtc", PropertyKind.DateTime, true, a => a.CreationDateTimeUtc),
        new("cancellationDateTimeUtc", PropertyKind.DateTime, false, a => a.CancellationDateTimeUtc),
        new("lastUpdateDateTimeUtc", PropertyKind.DateTime, false, a => a.LastUpdateDateTimeUtc),
        new("title", PropertyKind.String, false, a => a.Title),
        new("errorHResult", PropertyKind.Int32, false, a => a.ErrorHResult),
    ];

    private static readonly Dictionary<string, QueryProperty> s_byName = s_all.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The names $filter accepts, for messages.</summary>
    public static string FilterableNames => string.Join(", ", s_all.Where(p => p.Filterable).Select(p => p.Name));

    /// <exception cref="ODataQueryException">No property has that name.</exception>
    public static QueryProperty Find(string name) =>
        s_byName.TryGetValue(name, out QueryProperty? property)
            ? property
            : throw new ODataQueryException($"Could not find a property named '{name}' on type 'MachineAction'.");

    /// <summary>Orders two values of one property; null sorts before any value (OData 4.01 URL conventions, 5.1.1.15).</summary>
    public static int Compare(object? left, object? right) => (left, right) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (string a, string b) => StringComparer.OrdinalIgnoreCase.Compare(a, b),
        (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
        (int a, int b) => a.CompareTo(b),
        _ => throw new InvalidOperationException($"Cannot compare {left.GetType().Name} with {right.GetType().Name}."),
    };
}
