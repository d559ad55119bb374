namespace Mde.Bindings;

/// <summary>
/// Marks a type whose values are short-lived credentials (for example a SAS download link) that must be
/// consumed where they are obtained: never stored in a field, a collection or a cache, never logged.
/// The Mde.Bindings analyzer (MDE1001, MDE1002) keys on this attribute, so any type that carries it is
/// covered, whatever its name.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, Inherited = true, AllowMultiple = false)]
public sealed class ConsumeImmediatelyAttribute : Attribute
{
}
