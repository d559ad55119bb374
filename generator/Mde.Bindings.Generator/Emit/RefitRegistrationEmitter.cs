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
        string api = "global::" + spec.Namespace + ".I" + spec.Name + "Api";
        string client = "global::" + spec.Namespace + "." + spec.Name + "ApiClient";
        // CA2255 warns about module initializers in libraries; registering with Refit before first use is their purpose here.
        SourceWriter w = SourceWriter.ForFile(spec.Namespace, "#pragma warning disable CA2255");
        w.Line("/// <summary>Registers <see cref=\"" + client + "\"/> with Refit when the assembly loads.</summary>");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Line("internal static class " + spec.Name + "ApiModuleInitializer");
        w.Open();
        w.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        w.Line("internal static void Register()");
        w.Open();
        w.Line("global::Refit.RestService.RegisterGeneratedSettingsFactory<" + api + ">(static (httpClient, settings) => new " + client + "(httpClient, settings));");
        w.Line("global::Refit.RestService.RegisterGeneratedFactory<" + api + ">(static (httpClient, requestBuilder) => new " + client + "(httpClient));");
        w.Close();
        w.Close();
        return w.ToString();
    }
}
