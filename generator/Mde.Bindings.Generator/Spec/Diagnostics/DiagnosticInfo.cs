using System.Linq;
using Mde.Bindings.Generator.Common;
using Microsoft.CodeAnalysis;

namespace Mde.Bindings.Generator.Spec.Diagnostics;

/// <summary>A diagnostic waiting to be reported, as plain values (a <see cref="Diagnostic"/> is not equatable).</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
        new(descriptor, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location.ToLocation(), Arguments.Select(a => (object?)a).ToArray());

    public bool Equals(DiagnosticInfo? other) =>
        other is not null && Descriptor.Id == other.Descriptor.Id && Location == other.Location && Arguments == other.Arguments;

    public override int GetHashCode() => (Descriptor.Id, Location, Arguments).GetHashCode();
}
