namespace Mde.Bindings;

/// <summary>
/// A paged listing cannot be completed as the service sent it: the service ended it early (fewer items than its
/// <c>@odata.count</c>), sent a next link it had sent before (the listing would never end), or a next link that lost
/// its query; or a next link points away from the API. The items read so far are not the whole collection: the message
/// says what happened and what to do (usually: narrow the query with <c>$filter</c> so that each listing is shorter).
/// The message never holds a next link's query.
/// </summary>
/// <example>
/// <code>
/// try
/// {
///     await foreach (Machine machine in api.ListMachinesAsync())
///     {
///         Console.WriteLine(machine.Id);
///     }
/// }
/// catch (ODataPagingException e)
/// {
///     // The listing is incomplete: read it again in smaller parts, for example one $filter per time range.
///     Console.Error.WriteLine($"{e.OperationName} stopped after {e.ItemsRead} items: {e.Message}");
/// }
/// </code>
/// </example>
public sealed class ODataPagingException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="operationName">The operation whose listing failed.</param>
    /// <param name="itemsRead">How many items had been read when the problem was found.</param>
    public ODataPagingException(string message, string operationName, long itemsRead)
        : base(message)
    {
        OperationName = operationName;
        ItemsRead = itemsRead;
    }

    /// <summary>The operation whose listing failed, such as <c>ListMachines</c>.</summary>
    public string OperationName { get; }

    /// <summary>How many items had been read (and handed out) when the problem was found.</summary>
    public long ItemsRead { get; }
}
