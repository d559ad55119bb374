using Mde.Bindings.Generator.Spec.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Generator.Spec;

/// <summary>Forms newer than version 1 of the format: the one place that checks a spec declares the version they need.</summary>
internal sealed partial class SpecReader
{
    /// <summary>
    /// Reports MDE2025 at <paramref name="span"/> when the spec declares <c>"specVersion": 1</c> but uses
    /// <paramref name="form"/>, a form of version 2 (such as <c>returns { "pages": … }</c>). Returns whether the form may
    /// be used; the caller reads it either way, so that the spec's other mistakes are reported in the same build.
    /// </summary>
    private bool RequireSpecVersion2(TextSpan span, string form)
    {
        if (_specVersion >= 2)
        {
            return true;
        }

        Report(DiagnosticDescriptors.NeedsSpecVersion2, span, form);
        return false;
    }
}
