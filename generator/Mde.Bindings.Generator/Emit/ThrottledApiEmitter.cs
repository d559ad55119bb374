using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>Emits <c>Throttled{Name}Api</c>: a decorator that acquires every rate limit of an operation before calling it.</summary>
internal static class ThrottledApiEmitter
{
    public static string Emit(ApiSpec spec)
    {
        string api = "global::" + spec.Namespace + ".I" + spec.Name + "Api";
        string description = "global::" + spec.Namespace + "." + spec.Name + "ApiDescription";
        string name = "Throttled" + spec.Name + "Api";
        SourceWriter w = SourceWriter.ForFile(spec.Namespace);
        w.Line("/// <summary>");
        w.Line("/// Wraps an <see cref=\"" + api + "\"/> so that each call first waits for a permit of every rate limit its");
        w.Line("/// operation declares, from the limiters of an <see cref=\"global::Mde.Bindings.Throttling.IRateLimiterProvider\"/>.");
        w.Line("/// Operations without limits pass straight through.");
        w.Line("/// </summary>");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Line(spec.Accessibility + " sealed partial class " + name + " : " + api);
        w.Open();
        w.Line("private readonly " + api + " _inner;");
        w.Line("private readonly global::Mde.Bindings.Throttling.IRateLimiterProvider _limiters;");
        w.Line();
        w.Line("/// <summary>Wraps <paramref name=\"inner\"/>, taking permits from <paramref name=\"limiters\"/>.</summary>");
        w.Line("public " + name + "(" + api + " inner, global::Mde.Bindings.Throttling.IRateLimiterProvider limiters)");
        w.Open();
        w.Line("_inner = inner ?? throw new global::System.ArgumentNullException(nameof(inner));");
        w.Line("_limiters = limiters ?? throw new global::System.ArgumentNullException(nameof(limiters));");
        w.Close();

        foreach (EndpointSpec endpoint in spec.Endpoints)
        {
            OperationSignature signature = OperationSignature.For(endpoint, spec.Namespace);
            w.Line();
            w.Line("/// <inheritdoc/>");
            if (endpoint.Limits.IsEmpty)
            {
                w.Line("public " + signature.ReturnType + " " + signature.MethodName + "(" + signature.Declaration(withRefitAttributes: false) + ") =>");
                w.Line("    _inner." + signature.MethodName + "(" + signature.Arguments() + ");");
                continue;
            }

            w.Line("public async " + signature.ReturnType + " " + signature.MethodName + "(" + signature.Declaration(withRefitAttributes: false) + ")");
            w.Open();
            w.Line("using (await global::Mde.Bindings.Throttling.RateLimiterProviderExtensions.AcquireAsync(_limiters, " + description + "." + endpoint.Name + ", cancellationToken).ConfigureAwait(false))");
            w.Open();
            w.Line((endpoint.Returns.Kind == ReturnKind.None ? "await " : "return await ") + "_inner." + signature.MethodName + "(" + signature.Arguments() + ").ConfigureAwait(false);");
            w.Close();
            w.Close();
        }

        w.Close();
        return w.ToString();
    }
}
