namespace Mde.Bindings.DocsCheck.DocsPages;

/// <summary>
/// One operation as a docs page states it: the request line, the permissions table and the limits, with
/// what looked wrong in the page's text (anomalies) kept beside the values read.
/// </summary>
internal sealed record DocsOperation(
    string Page,
    string Name,
    string Method,
    string RawPath,
    string Path,
    IReadOnlyList<string> ApplicationPermissions,
    IReadOnlyList<string> DelegatedPermissions,
    IReadOnlyList<string> Limits,
    IReadOnlyList<string> Anomalies)
{
    /// <summary>
    /// The path with every placeholder written <c>{}</c> and in lower case: the docs name placeholders
    /// freely (<c>{id}</c>, <c>{machine action id}</c>, <c>&lt;machineactionid&gt;</c>), the spec names them for C#.
    /// </summary>
    public string PathShape => DocsPath.Shape(Path);
}
