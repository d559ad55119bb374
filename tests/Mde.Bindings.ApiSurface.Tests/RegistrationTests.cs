using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Threading.RateLimiting;
using Mde.Bindings.ApiSurface.Tests.Infrastructure;
using Mde.Bindings.Auth;
using Mde.Bindings.DependencyInjection;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.DependencyInjection;

namespace Mde.Bindings.ApiSurface.Tests;

/// <summary>
/// Every shipped API through its generated <c>Add{Name}Api</c>, as a user registers it: the throttling decorator takes
/// the operation's permits (none for an operation without limits), the bearer token from the configured source goes
/// on the request, the configured base address is used, and the telemetry handler reports the operation.
/// </summary>
public sealed class RegistrationTests
{
    private const string Token = "token-for-registration-tests";

    public static TheoryData<string> Apis
    {
        get
        {
            var apis = new TheoryData<string>();
            foreach (GeneratedApi api in GeneratedApi.All)
            {
                apis.Add(api.Description.FullName!);
            }

            return apis;
        }
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task Add_method_registers_a_throttled_authenticated_client(string descriptionType)
    {
        GeneratedApi api = GeneratedApi.All.Single(a => a.Description.FullName == descriptionType);
        var limiters = new CountingRateLimiterProvider();
        var requests = new List<HttpRequestMessage>();
        var handler = new AnsweringHandler(requests);
        var services = new ServiceCollection();
        services.AddSingleton<IRateLimiterProvider>(limiters);
        IHttpClientBuilder builder = AddApi(api, services, options =>
        {
            options.BaseAddress = new Uri("https://eu.api.security.microsoft.com");
            options.TokenSource = new FixedTokenSource();
            options.PermissionPreflight = false;
        });
        builder.ConfigurePrimaryHttpMessageHandler(() => handler);
        await using ServiceProvider provider = services.BuildServiceProvider();
        object client = provider.GetRequiredService(api.Interface);
        Assert.Equal("Throttled" + api.Name + "Api", client.GetType().Name);

        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Mde.Bindings", // the documented name of the traces (docs/observability)
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => { lock (activities) { activities.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);

        // One call of an operation with limits and, when the API has one, one of an operation without.
        EndpointDescription? limited = Preferred(api, api.Operations.Where(o => o.Limits.Count > 0));
        EndpointDescription? unlimited = Preferred(api, api.Operations.Where(o => o.Limits.Count == 0));
        EndpointDescription first = limited ?? unlimited ?? api.Operations[0];
        await CallIgnoringTheAnswerAsync(api, client, first);

        Assert.NotEmpty(requests);
        HttpRequestMessage request = requests[0];
        Assert.Equal("eu.api.security.microsoft.com", request.RequestUri!.Host);
        Assert.Equal("Bearer", request.Headers.Authorization?.Scheme);
        Assert.Equal(Token, request.Headers.Authorization?.Parameter);
        Assert.Equal(first.Limits.Count > 0 ? [first.Name] : [], limiters.Acquired);
        lock (activities)
        {
            // The telemetry handler names the operation "{Api}.{Operation}".
            Assert.Contains(activities, a => Equals(a.GetTagItem("mde.operation"), api.Name + "." + first.Name));
        }

        if (limited is not null && unlimited is not null)
        {
            await CallIgnoringTheAnswerAsync(api, client, unlimited);
            Assert.Equal([limited.Name], limiters.Acquired);
        }
    }

    private static IHttpClientBuilder AddApi(GeneratedApi api, IServiceCollection services, Action<MdeApiOptions> configure)
    {
        MethodInfo add = api.Description.Assembly.GetTypes()
            .Where(t => t.Namespace == api.Namespace && t.IsAbstract && t.IsSealed)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Single(m => m.Name == "Add" + api.Name + "Api");
        return (IHttpClientBuilder)add.Invoke(null, [services, configure])!;
    }

    // The call's answer is not what this test is about: any result, or a format error from the canned answer, will do.
    private static async Task CallIgnoringTheAnswerAsync(GeneratedApi api, object client, EndpointDescription operation)
    {
        MethodInfo method = api.Method(operation.Name);
        object?[] arguments = method.GetParameters()
            .Select(p => p.ParameterType == typeof(CancellationToken) ? CancellationToken.None
                : p.Name == "body" ? ArgumentSamples.Body(p.ParameterType)
                : p.HasDefaultValue && p.ParameterType.IsClass ? null
                : ArgumentSamples.Value(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
            .ToArray();
        try
        {
            await GeneratedApi.CallAsync(client, method, arguments);
        }
        catch (MdeResponseFormatException)
        {
        }
    }

    // Paged operations return a sequence that sends nothing until enumerated: pick operations that return a Task, and
    // among them one without a body when there is one.
    private static EndpointDescription? Preferred(GeneratedApi api, IEnumerable<EndpointDescription> operations)
    {
        EndpointDescription[] sending = operations.Where(o => typeof(Task).IsAssignableFrom(api.Method(o.Name).ReturnType)).ToArray();
        return sending.FirstOrDefault(o => api.Method(o.Name).GetParameters().All(p => p.Name != "body")) ?? sending.FirstOrDefault();
    }

    private sealed class FixedTokenSource : IAccessTokenSource
    {
        public Task<MdeAccessToken> GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken) =>
            Task.FromResult(new MdeAccessToken(Token, DateTimeOffset.UtcNow.AddHours(1)));
    }

    private sealed class AnsweringHandler(List<HttpRequestMessage> requests) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (requests)
            {
                requests.Add(request);
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
        }
    }

    private sealed class CountingRateLimiterProvider : IRateLimiterProvider
    {
        private readonly List<string> _acquired = [];

        public IReadOnlyList<string> Acquired
        {
            get
            {
                lock (_acquired)
                {
                    return _acquired.ToList();
                }
            }
        }

        public RateLimiter GetLimiter(EndpointDescription endpoint)
        {
            lock (_acquired)
            {
                _acquired.Add(endpoint.Name);
            }

            return new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1000, QueueLimit = 0 });
        }
    }
}
