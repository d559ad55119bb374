namespace Mde.Bindings;

/// <summary>
/// Marks a type whose values are short-lived credentials (for example a SAS download link) that must be
/// consumed where they are obtained: never stored in a field, a collection or a cache, never logged.
/// The Mde.Bindings analyzer (MDE1001, MDE1002) keys on this attribute, so any type that carries it is
/// covered, whatever its name.
/// </summary>
/// <example>
/// <code>
/// // A link type of your own gets the analyzer's rules (MDE1001: stored, MDE1002: logged) by carrying the attribute.
/// [ConsumeImmediately]
/// public sealed record ReportLink(Uri Uri, DateTimeOffset ExpiresAt);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, Inherited = true, AllowMultiple = false)]
public sealed class ConsumeImmediatelyAttribute : Attribute
{
}
