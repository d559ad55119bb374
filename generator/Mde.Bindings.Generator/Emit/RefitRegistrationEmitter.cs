using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>
/// Emits the module initializer that tells Refit about the generated client, so that
/// <c>RestService.For&lt;I{Name}Api&gt;(httpClient)</c> and <c>AddRefitGeneratedClient&lt;I{Name}Api&gt;()</c> work.
/// </summary>
internal static class RefitRegistrationEmitter
{
    public static string Emit(ApiSpec spec)
    {
        GeneratedNames names = spec.Names;
        string api = names.Global(names.Interface);
        string client = names.Global(names.Client);
        // CA2255 warns about module initializers in libraries; registering with Refit before first use is their purpose here.
        return SourceWriter.ForFile(spec.Namespace, "#pragma warning disable CA2255").Block($$"""
            /// <summary>Registers <see cref="{{client}}"/> with Refit when the assembly loads.</summary>
            {{SourceWriter.GeneratedCodeAttribute}}
            {{SourceWriter.EditorBrowsableNever}}
            internal static class {{names.ModuleInitializer}}
            {
                [{{KnownTypes.ModuleInitializer}}]
                internal static void Register()
                {
                    {{KnownTypes.RestService}}.RegisterGeneratedSettingsFactory<{{api}}>(static (httpClient, settings) => new {{client}}(httpClient, settings));
                    {{KnownTypes.RestService}}.RegisterGeneratedFactory<{{api}}>(static (httpClient, requestBuilder) => new {{client}}(httpClient));
                }
            }
            """).Finish();
    }
}
