using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// For generated code: not meant to be called directly.
/// The body of every generated <c>{Operation}Async</c> of a paged operation: reads the first page, hands out its items,
/// then follows <c>@odata.nextLink</c> one page at a time until a page has none, and fails loudly
/// (<see cref="ODataPagingException"/>) when the listing the service sent cannot be the whole collection.
/// </summary>
/// <remarks>
/// The page calls are those of the object the enumeration is declared on: in a <c>Throttled{Name}Api</c> each page
/// request takes its own permits. The next page is requested only when the items of the one before have been read.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ODataPaging
{
    /// <summary>Enumerates every item of every page of <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The operation, for messages.</param>
    /// <param name="state">The API and the arguments, handed to the page calls.</param>
    /// <param name="firstPage">Reads the first page.</param>
    /// <param name="nextPage">Reads the page a next link names.</param>
    /// <param name="cancellationToken">Cancels the enumeration (combined with the one given to <c>GetAsyncEnumerator</c>).</param>
    public static IAsyncEnumerable<T> EnumerateAsync<TState, T>(
        EndpointDescription endpoint,
        TState state,
        Func<TState, CancellationToken, Task<ODataPage<T>>> firstPage,
        Func<TState, Uri, CancellationToken, Task<ODataPage<T>>> nextPage,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(firstPage);
        ArgumentNullException.ThrowIfNull(nextPage);
        return EnumerateCoreAsync(endpoint, state, firstPage, nextPage, cancellationToken);
    }

    private static async IAsyncEnumerable<T> EnumerateCoreAsync<TState, T>(
        EndpointDescription endpoint,
        TState state,
        Func<TState, CancellationToken, Task<ODataPage<T>>> firstPage,
        Func<TState, Uri, CancellationToken, Task<ODataPage<T>>> nextPage,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var guard = new ODataPagingGuard(endpoint.Name);
        ODataPage<T> page = await firstPage(state, cancellationToken).ConfigureAwait(false);
        guard.Start(page.RequestUri);
        while (true)
        {
            guard.Read(page.Items.Count, page.Count);
            foreach (T item in page.Items)
            {
                yield return item;
            }

            if (page.NextLink is not { } next)
            {
                guard.End();
                yield break;
            }

            guard.Follow(next);
            cancellationToken.ThrowIfCancellationRequested();
            page = await nextPage(state, next, cancellationToken).ConfigureAwait(false);
        }
    }
}
