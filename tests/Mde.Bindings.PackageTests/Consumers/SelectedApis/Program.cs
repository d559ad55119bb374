using System.Reflection;
using Mde.Bindings;

// Every generated {Name}ApiDescription in this project, with the operations its All lists: one line per API, then the
// total. The test compares the APIs with the ones MdeBindingsApis named.
var apis = typeof(Program).Assembly.GetTypes()
    .Where(type => type.Name.EndsWith("ApiDescription", StringComparison.Ordinal))
    .Select(type => (Type: type, All: type.GetProperty("All", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IReadOnlyList<EndpointDescription>))
    .Where(api => api.All is not null)
    .OrderBy(api => api.Type.FullName, StringComparer.Ordinal)
    .ToList();

foreach ((Type type, IReadOnlyList<EndpointDescription>? all) in apis)
{
    Expect.That(all!.Count > 0 && all.All(operation => operation.Name.Length > 0 && operation.PathTemplate.StartsWith('/')), type.FullName + " describes its operations");
    Console.WriteLine($"api {type.FullName} {all.Count}");
}

Console.WriteLine($"operations: {apis.Sum(api => api.All!.Count)}");
