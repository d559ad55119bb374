namespace Mde.Bindings.Generator.Emit;

/// <summary>
/// Every type from outside the generated code that generated code names, spelled once with <c>global::</c>: the BCL,
/// System.Text.Json, Refit, Microsoft.Extensions and the Mde.Bindings runtime. A runtime type that moves is changed
/// here only.
/// </summary>
internal static class KnownTypes
{
    // BCL
    public const string Action = "global::System.Action";
    public const string ArgumentNullException = "global::System.ArgumentNullException";
    public const string Array = "global::System.Array";
    public const string CancellationToken = "global::System.Threading.CancellationToken";
    public const string EditorBrowsable = "global::System.ComponentModel.EditorBrowsable";
    public const string EditorBrowsableState = "global::System.ComponentModel.EditorBrowsableState";
    public const string GeneratedCode = "global::System.CodeDom.Compiler.GeneratedCode";
    public const string HttpClient = "global::System.Net.Http.HttpClient";
    public const string HttpContent = "global::System.Net.Http.HttpContent";
    public const string HttpMethod = "global::System.Net.Http.HttpMethod";
    public const string IAsyncEnumerable = "global::System.Collections.Generic.IAsyncEnumerable";
    public const string IEquatable = "global::System.IEquatable";
    public const string IReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";
    public const string MemoryExtensions = "global::System.MemoryExtensions";
    public const string MultipartFormDataContent = "global::System.Net.Http.MultipartFormDataContent";
    public const string ModuleInitializer = "global::System.Runtime.CompilerServices.ModuleInitializer";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan";
    public const string Stream = "global::System.IO.Stream";
    public const string StringComparer = "global::System.StringComparer";
    public const string Task = "global::System.Threading.Tasks.Task";
    public const string TimeProvider = "global::System.TimeProvider";
    public const string TimeSpan = "global::System.TimeSpan";
    public const string Type = "global::System.Type";
    public const string Uri = "global::System.Uri";

    /// <summary>The namespace of the BCL primitives that C# has no keyword for (<c>Guid</c>, <c>DateTimeOffset</c>).</summary>
    public const string SystemNamespace = "global::System";

    // System.Text.Json
    public const string IJsonTypeInfoResolver = "global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver";
    public const string JsonConverter = "global::System.Text.Json.Serialization.JsonConverter";
    public const string JsonElement = "global::System.Text.Json.JsonElement";
    public const string JsonEncodedText = "global::System.Text.Json.JsonEncodedText";
    public const string JsonException = "global::System.Text.Json.JsonException";
    public const string JsonMetadataServices = "global::System.Text.Json.Serialization.Metadata.JsonMetadataServices";
    public const string JsonSerializerContext = "global::System.Text.Json.Serialization.JsonSerializerContext";
    public const string JsonSerializerOptions = "global::System.Text.Json.JsonSerializerOptions";
    public const string JsonTokenType = "global::System.Text.Json.JsonTokenType";
    public const string JsonValueKind = "global::System.Text.Json.JsonValueKind";
    public const string JsonTypeInfo = "global::System.Text.Json.Serialization.Metadata.JsonTypeInfo";
    public const string Utf8JsonReader = "global::System.Text.Json.Utf8JsonReader";
    public const string Utf8JsonWriter = "global::System.Text.Json.Utf8JsonWriter";

    // Refit
    public const string RefitNamespace = "global::Refit";
    public const string RefitAliasAs = "global::Refit.AliasAs";
    public const string RefitBody = "global::Refit.Body";
    public const string RefitQuery = "global::Refit.Query";
    public const string RefitSettings = "global::Refit.RefitSettings";
    public const string RestService = "global::Refit.RestService";

    // Microsoft.Extensions
    public const string IHttpClientBuilder = "global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder";
    public const string IServiceCollection = "global::Microsoft.Extensions.DependencyInjection.IServiceCollection";

    // Mde.Bindings runtime
    public const string DownloadLink = "global::Mde.Bindings.DownloadLink";
    public const string EndpointDescription = "global::Mde.Bindings.EndpointDescription";
    public const string ExportFiles = "global::Mde.Bindings.Exports.ExportFiles";
    public const string FormFile = "global::Mde.Bindings.FormFile";
    public const string GeneratedApi = "global::Mde.Bindings.GeneratedCode.GeneratedApi";
    public const string GeneratedApiClientBase = "global::Mde.Bindings.GeneratedCode.GeneratedApiClientBase";
    public const string IRateLimiterProvider = "global::Mde.Bindings.Throttling.IRateLimiterProvider";
    public const string JsonPrimitives = "global::Mde.Bindings.GeneratedCode.JsonPrimitives";
    public const string MdeApiOptions = "global::Mde.Bindings.DependencyInjection.MdeApiOptions";
    public const string MdeApiRegistration = "global::Mde.Bindings.GeneratedCode.MdeApiRegistration";
    public const string ODataPage = "global::Mde.Bindings.ODataPage";
    public const string ODataPagingException = "global::Mde.Bindings.ODataPagingException";
    public const string ODataPaging = "global::Mde.Bindings.GeneratedCode.ODataPaging";
    public const string QueryString = "global::Mde.Bindings.GeneratedCode.QueryString";
    public const string RateLimitWindow = "global::Mde.Bindings.RateLimitWindow";
    public const string ReadOnlyListJsonConverter = "global::Mde.Bindings.GeneratedCode.ReadOnlyListJsonConverter";
    public const string ThrottledCall = "global::Mde.Bindings.GeneratedCode.ThrottledCall";
    public const string UrlFormatter = "global::Mde.Bindings.GeneratedCode.UrlFormatter";
}
