using System.Collections.Generic;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>Runs every emitter over a spec and names the files: <c>{Namespace}.{Name}.{Part}.g.cs</c>, unique per spec.</summary>
internal static class SpecEmitter
{
    public static IEnumerable<(string HintName, string Source)> Emit(ApiSpec spec)
    {
        string prefix = spec.Names.HintPrefix;
        yield return (prefix + "Interface.g.cs", InterfaceEmitter.Emit(spec));
        yield return (prefix + "Client.g.cs", ClientEmitter.Emit(spec));
        yield return (prefix + "RefitRegistration.g.cs", RefitRegistrationEmitter.Emit(spec));
        yield return (prefix + "Throttled.g.cs", ThrottledApiEmitter.Emit(spec));
        yield return (prefix + "Description.g.cs", DescriptionEmitter.Emit(spec));
        yield return (prefix + "ServiceCollectionExtensions.g.cs", RegistrationEmitter.Emit(spec));
        yield return (prefix + "JsonContext.g.cs", JsonContextEmitter.Emit(spec));
        if (!spec.Models.IsEmpty)
        {
            yield return (prefix + "JsonNames.g.cs", JsonNamesEmitter.Emit(spec));
        }

        foreach (ModelSpec model in spec.Models)
        {
            yield return (prefix + "Models." + model.Name + ".g.cs", ModelEmitter.Emit(spec, model));
        }

        foreach (EnumSpec @enum in spec.Enums)
        {
            yield return (prefix + "Enums." + @enum.Name + ".g.cs", EnumEmitter.Emit(spec, @enum));
        }
    }
}
