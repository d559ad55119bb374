using System.ComponentModel;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mde.Bindings.Http;
using Refit;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// For generated code: not meant to be called directly.
/// What every generated API client shares: sending a request for an operation, turning an error status
/// into Refit's exception, and reading the body without reflection through generated JSON metadata.
/// Generated clients derive from it; application code uses the generated interfaces.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract partial class GeneratedApiClientBase
{
    private static readonly RefitSettings s_defaultSettings = new();
    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    private readonly RefitSettings _settings;
    private readonly TimeProvider _timeProvider;
    private AddressPrefix? _prefix;

    /// <summary>Creates a client over <paramref name="httpClient"/>, whose <see cref="HttpClient.BaseAddress"/> must be set.</summary>
    protected GeneratedApiClientBase(HttpClient httpClient, RefitSettings? settings, TimeProvider? timeProvider)
    {
        Client = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _settings = settings ?? s_defaultSettings;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The HTTP client the requests go through (Refit's convention for generated clients).</summary>
    public HttpClient Client { get; }

    /// <summary>
    /// The API root without its trailing slash, computed once per base address: generated clients put the operation's
    /// path after it, so that the request address is built in one string.
    /// </summary>
    /// <exception cref="InvalidOperationException">The client has no <see cref="HttpClient.BaseAddress"/>.</exception>
    protected string ApiRoot(EndpointDescription endpoint)
    {
        Uri baseAddress = Client.BaseAddress
            ?? throw new InvalidOperationException($"HttpClient.BaseAddress is not set: set it to the API's root (for example https://api.security.microsoft.com) before calling {endpoint.OperationName}.");
        // One reference read and one write: threads racing here at worst compute the same prefix twice.
        AddressPrefix? cached = _prefix;
        if (cached is not null && ReferenceEquals(cached.For, baseAddress))
        {
            return cached.Prefix;
        }

        cached = new AddressPrefix(baseAddress, baseAddress.AbsoluteUri.TrimEnd('/'));
        _prefix = cached;
        return cached.Prefix;
    }

    /// <summary>Sends a request to <paramref name="uri"/> (absolute) whose success response has no body of interest.</summary>
    protected Task SendAsync(EndpointDescription endpoint, HttpMethod method, string uri, HttpContent? content, CancellationToken cancellationToken) =>
        SendCoreAsync(CreateRequest(endpoint, method, uri, content), cancellationToken);

    /// <summary>Sends a request to <paramref name="uri"/> (absolute) and reads the whole body as <typeparamref name="T"/>.</summary>
    protected Task<T> SendAsync<T>(EndpointDescription endpoint, HttpMethod method, string uri, HttpContent? content, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        ReadJsonAsync(CreateRequest(endpoint, method, uri, content), responseType, cancellationToken);

    /// <summary>Sends a request to <paramref name="uri"/> (absolute) whose body is an OData wrapper <c>{"@odata.context": …, "value": …}</c> and returns the value.</summary>
    protected Task<T> SendForValueAsync<T>(EndpointDescription endpoint, HttpMethod method, string uri, HttpContent? content, JsonTypeInfo<T> valueType, CancellationToken cancellationToken) =>
        ReadODataValueAsync(CreateRequest(endpoint, method, uri, content), valueType, cancellationToken);

    /// <summary>Sends a request to <paramref name="uri"/> (absolute) that returns a short-lived link in an OData <c>value</c> and wraps it with its expiry.</summary>
    protected Task<DownloadLink<T>> SendForDownloadLinkAsync<T>(EndpointDescription endpoint, HttpMethod method, string uri, JsonTypeInfo<T>? contentType, CancellationToken cancellationToken) =>
        ReadDownloadLinkAsync(CreateRequest(endpoint, method, uri, null), contentType, cancellationToken);

    /// <summary>
    /// Sends a request to <paramref name="uri"/> (absolute) whose body lists short-lived links to export files
    /// (<c>{ "exportFiles": [links], "generatedTime": … }</c>) with rows of <typeparamref name="T"/>.
    /// </summary>
    protected Task<Exports.ExportFiles<T>> SendForExportFilesAsync<T>(EndpointDescription endpoint, HttpMethod method, string uri, HttpContent? content, JsonTypeInfo<T> rowType, CancellationToken cancellationToken) =>
        ReadExportFilesAsync(CreateRequest(endpoint, method, uri, content), rowType, cancellationToken);

    /// <summary>Serializes a request body as UTF-8 JSON through generated metadata.</summary>
    protected static HttpContent CreateJsonContent<T>(T body, JsonTypeInfo<T> bodyType)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, bodyType));
        content.Headers.ContentType = s_json;
        return content;
    }

    // An empty resolver keeps these options reflection-free; the one type they serve is built by hand.
    private static readonly JsonTypeInfo<string> LinkTextTypeInfo =
        JsonMetadataServices.CreateValueInfo<string>(new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() }, JsonMetadataServices.StringConverter);

    // The documented request headers are Authorization (and Content-Type with a body): no Accept, which would cost a
    // header collection per call. Source: MicrosoftDocs/defender-docs, defender-endpoint/api/get-machineaction-object.md.
    private static ApiRequestMessage CreateRequest(EndpointDescription endpoint, HttpMethod method, string uri, HttpContent? content) =>
        new(method, new Uri(uri, UriKind.Absolute), endpoint) { Content = content };

    // Each reader below is one async method (one state machine per call): authorize, send, check the status, read.
    private async Task SendCoreAsync(ApiRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            await AuthorizeAsync(request, cancellationToken).ConfigureAwait(false);
            using HttpResponseMessage response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await ThrowUnlessSuccessAsync(request, response).ConfigureAwait(false);
        }
    }

    private async Task<T> ReadJsonAsync<T>(ApiRequestMessage request, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        using (request)
        {
            await AuthorizeAsync(request, cancellationToken).ConfigureAwait(false);
            using HttpResponseMessage response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await ThrowUnlessSuccessAsync(request, response).ConfigureAwait(false);
            if (response.StatusCode == System.Net.HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
            {
                throw new MdeResponseFormatException($"{request.Endpoint.Name} answered {(int)response.StatusCode} with an empty body; a {typeof(T).Name} was expected.");
            }

            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                try
                {
                    return await JsonSerializer.DeserializeAsync(body, responseType, cancellationToken).ConfigureAwait(false)
                        ?? throw new MdeResponseFormatException($"{request.Endpoint.Name} answered with JSON null; a {typeof(T).Name} was expected.");
                }
                catch (JsonException ex)
                {
                    throw new MdeResponseFormatException($"{request.Endpoint.Name} answered {(int)response.StatusCode} with a body that is not a valid {typeof(T).Name}: {ex.Message}", ex);
                }
            }
        }
    }

    private async Task<T> ReadODataValueAsync<T>(ApiRequestMessage request, JsonTypeInfo<T> valueType, CancellationToken cancellationToken)
    {
        using (request)
        {
            await AuthorizeAsync(request, cancellationToken).ConfigureAwait(false);
            using HttpResponseMessage response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await ThrowUnlessSuccessAsync(request, response).ConfigureAwait(false);
            byte[] body = await ReadBodyAsync(request.Endpoint, response, cancellationToken).ConfigureAwait(false);
            return ReadODataValue(request.Endpoint, body, valueType);
        }
    }

    private async Task<DownloadLink<T>> ReadDownloadLinkAsync<T>(ApiRequestMessage request, JsonTypeInfo<T>? contentType, CancellationToken cancellationToken)
    {
        using (request)
        {
            await AuthorizeAsync(request, cancellationToken).ConfigureAwait(false);
            using HttpResponseMessage response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await ThrowUnlessSuccessAsync(request, response).ConfigureAwait(false);
            DateTimeOffset obtainedAt = _timeProvider.GetUtcNow();
            EndpointDescription endpoint = request.Endpoint;
            byte[] body = await ReadBodyAsync(endpoint, response, cancellationToken).ConfigureAwait(false);
            string? text = ReadODataValue(endpoint, body, LinkTextTypeInfo);
            Uri uri = DownloadLinkParser.ParseUri(text, endpoint.Name);
            TimeSpan lifetime = endpoint.LinkLifetime ?? TimeSpan.Zero;
            return new DownloadLink<T>(uri, DownloadLinkParser.ComputeExpiry(uri, lifetime, obtainedAt), contentType);
        }
    }

    private async Task<Exports.ExportFiles<T>> ReadExportFilesAsync<T>(ApiRequestMessage request, JsonTypeInfo<T> rowType, CancellationToken cancellationToken)
    {
        using (request)
        {
            await AuthorizeAsync(request, cancellationToken).ConfigureAwait(false);
            using HttpResponseMessage response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await ThrowUnlessSuccessAsync(request, response).ConfigureAwait(false);
            DateTimeOffset obtainedAt = _timeProvider.GetUtcNow();
            byte[] body = await ReadBodyAsync(request.Endpoint, response, cancellationToken).ConfigureAwait(false);
            return Exports.ExportFilesReader.Read(request.Endpoint, body, rowType, obtainedAt);
        }
    }

    /// <summary>Adds the token of Refit's authorization header getter, when the settings have one.</summary>
    private ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _settings.AuthorizationHeaderValueGetter is { } getToken ? AddAuthorizationAsync(request, getToken, cancellationToken) : ValueTask.CompletedTask;

    private static async ValueTask AddAuthorizationAsync(HttpRequestMessage request, Func<HttpRequestMessage, CancellationToken, ValueTask<string>> getToken, CancellationToken cancellationToken)
    {
        string token = await getToken(request, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    private sealed record AddressPrefix(Uri For, string Prefix);

    /// <summary>Turns an error status into the exception Refit's settings make (an <see cref="ApiException"/> by default).</summary>
    private ValueTask ThrowUnlessSuccessAsync(HttpRequestMessage request, HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? ValueTask.CompletedTask : ThrowAsync(request, response);

    private async ValueTask ThrowAsync(HttpRequestMessage request, HttpResponseMessage response)
    {
        // Refit's exception factory reads the request from the response; some handlers leave it unset. The exception
        // keeps the request: the bearer token must not travel with it into logs.
        response.RequestMessage ??= request;
        bool forbidden = response.StatusCode == System.Net.HttpStatusCode.Forbidden;
        Auth.AccessTokenClaims? claims = forbidden ? Auth.ForbiddenExplanation.ClaimsOf(request) : null;
        request.Headers.Authorization = null;
        Func<HttpResponseMessage, ValueTask<Exception?>>? factory = _settings.ExceptionFactory;
        Exception? error;
        if (forbidden && (factory is null || factory.Target is DefaultApiExceptionFactory) && request.GetEndpoint() is { } endpoint)
        {
            // What Refit's default makes, an ApiException, with the operation's permissions compared with the token's.
            error = await Auth.ForbiddenExplanation.CreateAsync(endpoint, request, response, claims, _settings).ConfigureAwait(false);
        }
        else
        {
            error = factory is null ? null : await factory(response).ConfigureAwait(false);
        }

        throw error ?? await ApiException.Create(request, request.Method, response, _settings).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBodyAsync(EndpointDescription endpoint, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length == 0)
        {
            throw new MdeResponseFormatException($"{endpoint.Name} answered {(int)response.StatusCode} with an empty body; a JSON body was expected.");
        }

        return body;
    }

    private static T ReadODataValue<T>(EndpointDescription endpoint, byte[] body, JsonTypeInfo<T> valueType)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new MdeResponseFormatException($"{endpoint.Name} answered with a body that is not a JSON object; an OData object with a 'value' member was expected.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isValue = reader.ValueTextEquals("value"u8);
                reader.Read();
                if (isValue)
                {
                    return JsonSerializer.Deserialize(ref reader, valueType)
                        ?? throw new MdeResponseFormatException($"{endpoint.Name} answered with a null 'value'; a {typeof(T).Name} was expected.");
                }

                reader.Skip();
            }

            throw new MdeResponseFormatException($"{endpoint.Name} answered with a JSON object that has no 'value' member.");
        }
        catch (JsonException ex)
        {
            throw new MdeResponseFormatException($"{endpoint.Name} answered with a body whose 'value' is not a valid {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}
