using System.Collections.Generic;
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
            if (endpoint.Returns.Kind == ReturnKind.Pages)
            {
                PagedOperationEmitter.WriteThrottledMembers(w, endpoint, names, signature);
                continue;
            }

            WriteMethod(w, endpoint, description, endpoint.MethodName, signature.ReturnType, signature.Declaration(withRefitAttributes: false), signature.Parameters.Select(p => p.Name).ToList());
        }

        return w.Close().Finish();
    }

    /// <summary>
    /// Writes one decorated method: <paramref name="declaration"/> is its parameter list, <paramref name="arguments"/> the
    /// names to forward (the cancellation token aside).
    /// </summary>
    internal static void WriteMethod(SourceWriter w, EndpointSpec endpoint, string description, string methodName, string returnType, string declaration, IReadOnlyList<string> arguments)
    {
        string signature = returnType + " " + methodName + "(" + declaration + ")";
        string call = "_inner." + methodName + "(" + string.Join(", ", arguments.Concat([GeneratedNames.CancellationTokenParameter])) + ")";
        if (endpoint.Limits.IsEmpty)
        {
            w.Block($$"""

                /// <inheritdoc/>
                public {{signature}} =>
                    {{call}};
                """);
            return;
        }

        // A static lambda over a state value (the inner API and the arguments): no closure, no delegate per call,
        // and the inner call's own task when the permit is free.
        string state = arguments.Count == 0
            ? "_inner"
            : "(_inner, " + string.Join(", ", arguments) + ")";
        string stateCall = arguments.Count == 0
            ? "state." + methodName + "(" + GeneratedNames.CancellationTokenParameter + ")"
            : "state.Item1." + methodName + "(" + string.Join(", ", arguments.Select((_, i) => "state.Item" + (i + 2)).Concat([GeneratedNames.CancellationTokenParameter])) + ")";
        w.Block($$"""

            /// <inheritdoc/>
            public {{signature}} =>
                {{KnownTypes.ThrottledCall}}.RunAsync(
                    _limiters,
                    {{description}}.{{endpoint.Name}},
                    {{state}},
                    static (state, {{GeneratedNames.CancellationTokenParameter}}) => {{stateCall}},
                    {{GeneratedNames.CancellationTokenParameter}});
            """);
    }
}
