using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>Emits <c>Add{Name}Api(IServiceCollection, …)</c>, which hands the wiring to the runtime's registration.</summary>
internal static class RegistrationEmitter
{
    public static string Emit(ApiSpec spec)
    {
        string ns = "global::" + spec.Namespace;
        string api = ns + ".I" + spec.Name + "Api";
        SourceWriter w = SourceWriter.ForFile(spec.Namespace);
        w.Line("/// <summary>Registration of the " + spec.Name + " API in a service collection.</summary>");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Line(spec.Accessibility + " static partial class " + spec.Name + "ApiServiceCollectionExtensions");
        w.Open();
        w.Line("/// <summary>");
        w.Line("/// Registers <see cref=\"" + api + "\"/>: a named <c>HttpClient</c> from <c>IHttpClientFactory</c> with authentication,");
        w.Line("/// resilience and rate-limit feedback, wrapped in <see cref=\"" + ns + ".Throttled" + spec.Name + "Api\"/>.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"services\">The service collection.</param>");
        w.Line("/// <param name=\"configure\">Sets the options (base address, credentials, limits…); optional: credentials not set here are read from the environment (<c>MDE_TENANT_ID</c>, <c>MDE_CLIENT_ID</c>, <c>MDE_CLIENT_SECRET</c> or <c>MDE_CLIENT_CERTIFICATE</c>, or <c>MDE_EMULATOR_URL</c>).</param>");
        w.Line("/// <returns>The HTTP client builder, to add handlers of your own.</returns>");
        w.Line("public static global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder Add" + spec.Name + "Api(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, global::System.Action<global::Mde.Bindings.DependencyInjection.MdeApiOptions>? configure = null) =>");
        w.Line("    global::Mde.Bindings.GeneratedCode.MdeApiRegistration.AddApi<" + api + ">(");
        w.Line("        services,");
        w.Line("        " + ns + "." + spec.Name + "ApiDescription.ApiName,");
        w.Line("        " + ns + "." + spec.Name + "ApiDescription.Audience,");
        w.Line("        static (httpClient, settings, timeProvider) => new " + ns + "." + spec.Name + "ApiClient(httpClient, settings, timeProvider),");
        w.Line("        static (inner, limiters) => new " + ns + ".Throttled" + spec.Name + "Api(inner, limiters),");
        w.Line("        configure);");
        w.Close();
        return w.ToString();
    }
}
