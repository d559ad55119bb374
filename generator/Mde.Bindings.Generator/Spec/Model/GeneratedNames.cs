using Mde.Bindings.Generator.Common;

namespace Mde.Bindings.Generator.Spec.Model;

/// <summary>
/// The names of everything generated for one API, derived once from its spec name and namespace: the reader checks
/// specs against them and every emitter writes them, so that a rename happens here and nowhere else.
/// </summary>
internal sealed record GeneratedNames
{
    /// <summary>What a model's or enum's converter name ends with; spec types may not end with it.</summary>
    public const string ConverterSuffix = "JsonConverter";

    /// <summary>The parameter every operation with a body takes it through.</summary>
    public const string BodyParameter = "body";

    /// <summary>The last parameter of every operation.</summary>
    public const string CancellationTokenParameter = "cancellationToken";

    /// <summary>Members of the description class that are not operations.</summary>
    public const string DescriptionApiName = "ApiName";

    /// <inheritdoc cref="DescriptionApiName"/>
    public const string DescriptionAudience = "Audience";

    /// <inheritdoc cref="DescriptionApiName"/>
    public const string DescriptionAll = "All";

    /// <summary>The class nested in each model with a constant per property: its JSON name. No property may take the name.</summary>
    public const string JsonNamesClass = "JsonNames";

    /// <summary>The class nested in a model whose properties have aliases: their older spellings. No property may take the name.</summary>
    public const string JsonAliasesClass = "JsonAliases";

    public GeneratedNames(string @namespace, string name)
    {
        Namespace = @namespace;
        Interface = "I" + name + "Api";
        Client = name + "ApiClient";
        Throttled = "Throttled" + name + "Api";
        Description = name + "ApiDescription";
        JsonContext = name + "JsonContext";
        RegistrationClass = name + "ApiServiceCollectionExtensions";
        RegistrationMethod = "Add" + name + "Api";
        ModuleInitializer = name + "ApiModuleInitializer";
        HintPrefix = @namespace + "." + name + ".";
        TypeNames = new[] { Interface, Client, Throttled, Description, JsonContext, RegistrationClass, ModuleInitializer }.ToEquatableArray();
    }

    public string Namespace { get; }

    /// <summary><c>I{Name}Api</c>, the Refit interface.</summary>
    public string Interface { get; }

    /// <summary><c>{Name}ApiClient</c>, its HTTP implementation.</summary>
    public string Client { get; }

    /// <summary><c>Throttled{Name}Api</c>, the rate-limiting decorator.</summary>
    public string Throttled { get; }

    /// <summary><c>{Name}ApiDescription</c>, the metadata class.</summary>
    public string Description { get; }

    /// <summary><c>{Name}JsonContext</c>, the JSON metadata.</summary>
    public string JsonContext { get; }

    /// <summary><c>{Name}ApiServiceCollectionExtensions</c>, the class that holds <see cref="RegistrationMethod"/>.</summary>
    public string RegistrationClass { get; }

    /// <summary><c>Add{Name}Api</c>, the DI registration method.</summary>
    public string RegistrationMethod { get; }

    /// <summary><c>{Name}ApiModuleInitializer</c>, which registers the client with Refit.</summary>
    public string ModuleInitializer { get; }

    /// <summary>What every generated file's hint name starts with, <c>{Namespace}.{Name}.</c>: unique per spec.</summary>
    public string HintPrefix { get; }

    /// <summary>Every type name above, in declaration order.</summary>
    public EquatableArray<string> TypeNames { get; }

    /// <summary>The <c>global::</c> name of a type of this API's namespace (generated or declared by the spec).</summary>
    public string Global(string typeName) => "global::" + Namespace + "." + typeName;

    /// <summary>The <c>global::</c> name of the <see cref="JsonNamesClass"/> constant holding a model property's JSON name.</summary>
    public string JsonNameOf(string model, string property) => Global(model) + "." + JsonNamesClass + "." + property;

    /// <summary>The <c>global::</c> list of a model property's aliases in <see cref="JsonAliasesClass"/>.</summary>
    public string JsonAliasesOf(string model, string property) => Global(model) + "." + JsonAliasesClass + "." + property;

    /// <summary>The name of the JSON converter of a model or enum.</summary>
    public static string ConverterOf(string typeName) => typeName + ConverterSuffix;

    /// <summary>The C# method of an operation.</summary>
    public static string MethodOf(string operation) => operation + "Async";

    /// <summary>The C# method that reads one page of a paged operation (<c>returns { "pages": … }</c>).</summary>
    public static string PageMethodOf(string operation) => operation + "PageAsync";

    /// <summary>The parameter of the page method overload that follows a page's <c>@odata.nextLink</c>.</summary>
    public const string NextLinkParameter = "nextLink";

    /// <summary>Operation names the description class already uses.</summary>
    public static bool IsDescriptionMember(string operation) =>
        operation is DescriptionApiName or DescriptionAudience or DescriptionAll;
}
