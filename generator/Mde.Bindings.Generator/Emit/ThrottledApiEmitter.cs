using System.Linq;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>Emits <c>Throttled{Name}Api</c>: a decorator that acquires every rate limit of an operation before calling it.</summary>
internal static class ThrottledApiEmitter
{
    public static string Emit(ApiSpec spec)
    {
        GeneratedNames names = spec.Names;
        string api = names.Global(names.Interface);
        string description = names.Global(names.Description);
        SourceWriter w = SourceWriter.ForFile(spec.Namespace).Block($$"""
            /// <summary>
            /// Wraps an <see cref="{{api}}"/> so that each call first waits for a permit of every rate limit its
            /// operation declares, from the limiters of an <see cref="{{KnownTypes.IRateLimiterProvider}}"/>.
            /// Operations without limits pass straight through.
            /// </summary>
            {{SourceWriter.GeneratedCodeAttribute}}
            {{spec.Accessibility}} sealed partial class {{names.Throttled}} : {{api}}
            """);
        w.Open().Block($$"""
            private readonly {{api}} _inner;
            private readonly {{KnownTypes.IRateLimiterProvider}} _limiters;

            /// <summary>Wraps <paramref name="inner"/>, taking permits from <paramref name="limiters"/>.</summary>
            public {{names.Throttled}}({{api}} inner, {{KnownTypes.IRateLimiterProvider}} limiters)
            {
                _inner = inner ?? throw new {{KnownTypes.ArgumentNullException}}(nameof(inner));
                _limiters = limiters ?? throw new {{KnownTypes.ArgumentNullException}}(nameof(limiters));
            }
            """);

        foreach (EndpointSpec endpoint in spec.Endpoints)
        {
            OperationSignature signature = OperationSignature.For(endpoint, names);
            string declaration = signature.ReturnType + " " + endpoint.MethodName + "(" + signature.Declaration(withRefitAttributes: false) + ")";
            string call = "_inner." + endpoint.MethodName + "(" + signature.Arguments() + ")";
            if (endpoint.Limits.IsEmpty)
            {
                w.Block($$"""

                    /// <inheritdoc/>
                    public {{declaration}} =>
                        {{call}};
                    """);
                continue;
            }

            // A static lambda over a state value (the inner API and the arguments): no closure, no delegate per call,
            // and the inner call's own task when the permit is free.
            string state = signature.Parameters.Count == 0
                ? "_inner"
                : "(_inner, " + string.Join(", ", signature.Parameters.Select(p => p.Name)) + ")";
            string stateCall = signature.Parameters.Count == 0
                ? "state." + endpoint.MethodName + "(" + GeneratedNames.CancellationTokenParameter + ")"
                : "state.Item1." + endpoint.MethodName + "(" + string.Join(", ", signature.Parameters.Select((_, i) => "state.Item" + (i + 2)).Concat([GeneratedNames.CancellationTokenParameter])) + ")";
            w.Block($$"""

                /// <inheritdoc/>
                public {{declaration}} =>
                    {{KnownTypes.ThrottledCall}}.RunAsync(
                        _limiters,
                        {{description}}.{{endpoint.Name}},
                        {{state}},
                        static (state, {{GeneratedNames.CancellationTokenParameter}}) => {{stateCall}},
                        {{GeneratedNames.CancellationTokenParameter}});
                """);
        }

        return w.Close().Finish();
    }
}
