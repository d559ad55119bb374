using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Generator.Spec.Diagnostics;

/// <summary>A place in a spec file, kept as plain values so that pipeline outputs stay equatable.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo FileStart(string filePath) =>
        new(filePath, new TextSpan(0, 0), new LinePositionSpan(new LinePosition(0, 0), new LinePosition(0, 0)));
}
