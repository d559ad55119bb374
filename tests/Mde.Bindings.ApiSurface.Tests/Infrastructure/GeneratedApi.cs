using System.Reflection;
using System.Runtime.ExceptionServices;
using Refit;

namespace Mde.Bindings.ApiSurface.Tests.Infrastructure;

/// <summary>
/// One API the generator wrote into this assembly, found through its <c>{Name}ApiDescription</c>: the operations its
/// <c>All</c> lists, the interface <c>I{Name}Api</c> and the client <c>{Name}ApiClient</c> that implements it.
/// </summary>
internal sealed class GeneratedApi
{
    private GeneratedApi(Type description, IReadOnlyList<EndpointDescription> operations)
    {
        Description = description;
        Operations = operations;
    }

    /// <summary>Every generated API of this assembly, by full name.</summary>
    public static IReadOnlyList<GeneratedApi> All { get; } = typeof(GeneratedApi).Assembly.GetTypes()
        .Where(type => type.Name.EndsWith("ApiDescription", StringComparison.Ordinal))
        .Select(type => (Type: type, All: type.GetProperty("All", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IReadOnlyList<EndpointDescription>))
        .Where(api => api.All is not null)
        .Select(api => new GeneratedApi(api.Type, api.All!))
        .OrderBy(api => api.Description.FullName, StringComparer.Ordinal)
        .ToList();

    public Type Description { get; }

    public IReadOnlyList<EndpointDescription> Operations { get; }

    /// <summary>The spec's <c>namespace</c>.</summary>
    public string Namespace => Description.Namespace!;

    /// <summary>The spec's <c>name</c>.</summary>
    public string Name => Description.Name[..^"ApiDescription".Length];

    public Type Interface => Generated($"I{Name}Api");

    /// <summary>The generated API of the spec with <paramref name="ns"/> and <paramref name="name"/>, or null when none was generated.</summary>
    public static GeneratedApi? Find(string ns, string name) => All.SingleOrDefault(api => api.Namespace == ns && api.Name == name);

    /// <summary>The bearer token every generated client of these tests sends to the API (and must never send elsewhere).</summary>
    public const string ApiToken = "api-token-for-the-api-only";

    /// <summary>
    /// The generated client over <paramref name="httpClient"/>, as <c>new {Name}ApiClient(httpClient, settings, clock)</c>
    /// makes it: settings that send <see cref="ApiToken"/> as the bearer token, and <paramref name="clock"/> (the
    /// system clock when null).
    /// </summary>
    public object CreateClient(HttpClient httpClient, TimeProvider? clock = null) =>
        Activator.CreateInstance(
            Generated($"{Name}ApiClient"),
            httpClient,
            new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(ApiToken) },
            clock)!;

    /// <summary>The interface method <paramref name="name"/> whose parameters are of <paramref name="parameterTypes"/>, or null.</summary>
    public MethodInfo? InterfaceMethod(string name, Type[] parameterTypes) => Interface.GetMethod(name, parameterTypes);

    /// <summary>The interface method <c>{operation}Async</c>.</summary>
    public MethodInfo Method(string operation) =>
        Interface.GetMethod(operation + "Async") ?? throw new InvalidOperationException($"{Interface.FullName} has no method {operation}Async.");

    /// <summary>
    /// Calls <paramref name="method"/> on <paramref name="client"/>. A task is awaited and gives its result (null for a
    /// plain <see cref="Task"/>); anything else (an <see cref="IAsyncEnumerable{T}"/>) is returned as it is.
    /// </summary>
    public static async Task<object?> CallAsync(object client, MethodInfo method, object?[] arguments)
    {
        object? returned;
        try
        {
            returned = method.Invoke(client, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }

        if (returned is not Task task)
        {
            return returned;
        }

        await task;
        return method.ReturnType.IsGenericType ? method.ReturnType.GetProperty("Result")!.GetValue(task) : null;
    }

    /// <summary>Every item of <paramref name="sequence"/> when it is an <see cref="IAsyncEnumerable{T}"/>; null otherwise.</summary>
    public static async Task<IReadOnlyList<object?>?> DrainAsync(object? sequence)
    {
        Type? element = sequence?.GetType().GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
            ?.GetGenericArguments()[0];
        if (element is null)
        {
            return null;
        }

        MethodInfo drain = typeof(GeneratedApi).GetMethod(nameof(DrainTypedAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(element);
        return await (Task<IReadOnlyList<object?>>)drain.Invoke(null, [sequence])!;
    }

    private static async Task<IReadOnlyList<object?>> DrainTypedAsync<T>(IAsyncEnumerable<T> sequence)
    {
        var items = new List<object?>();
        await foreach (T item in sequence)
        {
            items.Add(item);
        }

        return items;
    }

    private Type Generated(string typeName) =>
        Description.Assembly.GetType(Namespace + "." + typeName) ?? throw new InvalidOperationException($"No generated type {Namespace}.{typeName}.");
}
