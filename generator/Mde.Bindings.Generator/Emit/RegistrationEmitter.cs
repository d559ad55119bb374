using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>Emits <c>Add{Name}Api(IServiceCollection, …)</c>, which hands the wiring to the runtime's registration.</summary>
internal static class RegistrationEmitter
{
    public static string Emit(ApiSpec spec)
    {
        GeneratedNames names = spec.Names;
        string api = names.Global(names.Interface);
        string description = names.Global(names.Description);
        return SourceWriter.ForFile(spec.Namespace).Block($$"""
            /// <summary>Registration of the {{spec.Name}} API in a service collection.</summary>
            {{SourceWriter.GeneratedCodeAttribute}}
            {{spec.Accessibility}} static partial class {{names.RegistrationClass}}
            {
                /// <summary>
                /// Registers <see cref="{{api}}"/>: a named <c>HttpClient</c> from <c>IHttpClientFactory</c> with authentication,
                /// resilience and rate-limit feedback, wrapped in <see cref="{{names.Global(names.Throttled)}}"/>.
                /// </summary>
                /// <param name="services">The service collection.</param>
                /// <param name="configure">Sets the options (base address, credentials, limits…); optional: credentials not set here are read from the environment (<c>MDE_TENANT_ID</c>, <c>MDE_CLIENT_ID</c>, <c>MDE_CLIENT_SECRET</c> or <c>MDE_CLIENT_CERTIFICATE</c>, or <c>MDE_EMULATOR_URL</c>).</param>
                /// <returns>The HTTP client builder, to add handlers of your own.</returns>
                public static {{KnownTypes.IHttpClientBuilder}} {{names.RegistrationMethod}}(this {{KnownTypes.IServiceCollection}} services, {{KnownTypes.Action}}<{{KnownTypes.MdeApiOptions}}>? configure = null) =>
                    {{KnownTypes.MdeApiRegistration}}.AddApi<{{api}}>(
                        services,
                        {{description}}.{{GeneratedNames.DescriptionApiName}},
                        {{description}}.{{GeneratedNames.DescriptionAudience}},
                        static (httpClient, settings, timeProvider) => new {{names.Global(names.Client)}}(httpClient, settings, timeProvider),
                        static (inner, limiters) => new {{names.Global(names.Throttled)}}(inner, limiters),
                        configure);
            }
            """).Finish();
    }
}
