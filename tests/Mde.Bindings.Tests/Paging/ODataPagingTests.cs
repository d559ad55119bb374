using System.Threading.RateLimiting;
using Contoso.Defender.Paging;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace Mde.Bindings.Tests.Paging;

/// <summary>
/// Paged operations (<c>returns { "pages": … }</c>, spec version 2) over HTTP: every page read in order, each page
/// request through the decorator's permits, the page calls, and the guard that makes a listing the service ends early
/// fail loudly. Each quirk test names where users reported it.
/// </summary>
public sealed class ODataPagingTests
{
    // The shape of a next link as the docs show it: the same host, the query with a continuation token.
    // Source: MicrosoftDocs/microsoft-365-docs, microsoft-365/security/defender-endpoint/get-assessment-software-vulnerabilities.md
    // (1.6.2 Response example: "@odata.nextLink": ".../SoftwareVulnerabilitiesByMachine?pagesize=5&$skiptoken=…").
    private const string Page2 = PagedService.Api + "/api/machines?$skiptoken=eyJQYWdlIjoyfQ";
    private const string Page3 = PagedService.Api + "/api/machines?$skiptoken=eyJQYWdlIjozfQ";

    [Fact]
    public async Task Every_item_of_every_page_is_read_in_order_following_the_next_links()
    {
        PagedService service = new PagedService()
            .Page("/api/machines", ["m1", "m2"], Page2)
            .Page(Page2, ["m3", "m4"], Page3)
            .Page(Page3, ["m5"]);
        var api = new PagingApiClient(service.CreateHttpClient());

        List<string> ids = await Ids(api.ListMachinesAsync());

        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], ids);
        Assert.Equal(["/api/machines", PagedService.Key(Page2), PagedService.Key(Page3)], service.Requested);
    }

    [Fact]
    public async Task The_next_page_is_requested_only_when_the_items_before_it_have_been_read()
    {
        PagedService service = new PagedService()
            .Page("/api/machines", ["m1", "m2"], Page2)
            .Page(Page2, ["m3"]);
        var api = new PagingApiClient(service.CreateHttpClient());

        await using IAsyncEnumerator<Machine> items = api.ListMachinesAsync().GetAsyncEnumerator();
        Assert.True(await items.MoveNextAsync());
        Assert.True(await items.MoveNextAsync());
        Assert.Single(service.Requested);

        Assert.True(await items.MoveNextAsync());
        Assert.Equal("m3", items.Current.Id);
        Assert.Equal(2, service.Requested.Count);
        Assert.False(await items.MoveNextAsync());
    }

    [Fact]
    public async Task Each_page_request_takes_the_operations_permits_in_the_throttling_decorator()
    {
        PagedService service = new PagedService()
            .Page("/api/machines", ["m1"], Page2)
            .Page(Page2, ["m2"], Page3)
            .Page(Page3, ["m3"]);
        var limiters = new CountingLimiters();
        var api = new ThrottledPagingApi(new PagingApiClient(service.CreateHttpClient()), limiters);

        List<string> ids = await Ids(api.ListMachinesAsync());

        Assert.Equal(3, ids.Count);
        Assert.Equal(["ListMachines", "ListMachines", "ListMachines"], limiters.Acquired);
    }

    [Fact]
    public async Task Through_the_registration_every_page_goes_through_the_decorator_and_the_http_pipeline()
    {
        PagedService service = new PagedService()
            .Page("/api/machines", ["m1"], Page2)
            .Page(Page2, ["m2"], Page3)
            .Page(Page3, ["m3"]);
        var limiters = new CountingLimiters();
        var services = new ServiceCollection();
        services.AddSingleton<IRateLimiterProvider>(limiters);
        services.AddPagingApi(options =>
            {
                options.BaseAddress = new Uri(PagedService.Api);
                options.AllowUnauthenticated = true;
            })
            .ConfigurePrimaryHttpMessageHandler(() => service.Handler);
        await using ServiceProvider provider = services.BuildServiceProvider();

        IPagingApi api = provider.GetRequiredService<IPagingApi>();
        List<string> ids = await Ids(api.ListMachinesAsync());

        Assert.IsType<ThrottledPagingApi>(api);
        Assert.Equal(["m1", "m2", "m3"], ids);
        Assert.Equal(["/api/machines", PagedService.Key(Page2), PagedService.Key(Page3)], service.Requested);
        Assert.Equal(["ListMachines", "ListMachines", "ListMachines"], limiters.Acquired);
    }

    [Fact]
    public async Task A_page_request_waits_for_its_permit_like_any_call()
    {
        PagedService service = new PagedService()
            .Page("/api/machines", ["m1"], Page2)
            .Page(Page2, ["m2"]);
        using var permits = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 1 });
        RateLimitLease held = await permits.AcquireAsync();
        var api = new ThrottledPagingApi(new PagingApiClient(service.CreateHttpClient()), new OneLimiter(permits));

        Task<List<string>> listing = Ids(api.ListMachinesAsync());
        await Task.Delay(50);
        Assert.Empty(service.Requested);

        held.Dispose();
        Assert.Equal(["m1", "m2"], await listing);
    }

    [Fact]
    public async Task An_operation_without_limits_takes_no_permit_for_any_page()
    {
        PagedService service = new PagedService()
            .Body("/api/severities", """{"value":["Low","Medium"],"@odata.nextLink":"https://api.securitycenter.microsoft.com/api/severities?$skip=2"}""")
            .Body("/api/severities?$skip=2", """{"value":["High","Unheard"]}""");
        var limiters = new CountingLimiters();
        var api = new ThrottledPagingApi(new PagingApiClient(service.CreateHttpClient()), limiters);

        var severities = new List<Severity>();
        await foreach (Severity severity in api.ListSeveritiesAsync())
        {
            severities.Add(severity);
        }

        Assert.Equal([Severity.Low, Severity.Medium, Severity.High], severities.Take(3));
        Assert.Equal("Unheard", severities[3].ToString());
        Assert.Empty(limiters.Acquired);
    }

    [Fact]
    public async Task The_page_calls_expose_one_page_its_next_link_and_its_count()
    {
        PagedService service = new PagedService()
            .Page("/api/machines?$count=true", ["m1", "m2"], Page2, count: 3)
            .Page(Page2, ["m3"], count: 3);
        var api = new PagingApiClient(service.CreateHttpClient());

        ODataPage<Machine> first = await api.ListMachinesPageAsync(count: true);
        ODataPage<Machine> second = await api.ListMachinesPageAsync(first.NextLink!);

        Assert.Equal(["m1", "m2"], first.Items.Select(m => m.Id));
        Assert.Equal(new Uri(Page2), first.NextLink);
        Assert.Equal(3, first.Count);
        Assert.Equal("m3", Assert.Single(second.Items).Id);
        Assert.Null(second.NextLink);
    }

    [Fact]
    public async Task A_page_describes_itself_without_its_next_link()
    {
        PagedService service = new PagedService().Page("/api/machines", ["m1"], Page2, count: 7);
        var api = new PagingApiClient(service.CreateHttpClient());

        ODataPage<Machine> page = await api.ListMachinesPageAsync();

        Assert.Equal("ODataPage<Machine>(1 items of 7, more pages)", page.ToString());
    }

    [Fact]
    public async Task With_top_the_service_sends_no_next_link_and_the_listing_ends_there_without_error()
    {
        // Reported: MicrosoftDocs/microsoft-365-docs issue 8316 ("If you call the odata-endpoint with a Top=X filter you
        // will get NO @odata.nextLink") and issue 8489; the docs page says the same of $top ("doesn't return
        // @odata.nextLink"): microsoft-365/security/defender-endpoint/get-assessment-software-vulnerabilities.md, 1.4.
        PagedService service = new PagedService().Page("/api/machines?$top=3&$count=true", ["m1", "m2", "m3"], count: 120);
        var api = new PagingApiClient(service.CreateHttpClient());

        List<string> ids = await Ids(api.ListMachinesAsync(top: 3, count: true));

        Assert.Equal(["m1", "m2", "m3"], ids);
        Assert.Single(service.Requested);
    }

    [Fact]
    public async Task A_listing_past_ten_thousand_items_reads_every_page()
    {
        // Reported: alexverboon/PSMDATP issue 8 ("Get-MDATPDevice -all only retrieves 10.000 devices"); the page size
        // cap is documented: tests/TestData/defender-docs/api/get-machines.md ("Maximum page size is 10,000").
        PagedService service = new PagedService()
            .Page("/api/machines", PagedService.Ids(0, 10_000), Page2, count: 25_000)
            .Page(Page2, PagedService.Ids(10_000, 10_000), Page3, count: 25_000)
            .Page(Page3, PagedService.Ids(20_000, 5_000), count: 25_000);
        var api = new PagingApiClient(service.CreateHttpClient());

        List<string> ids = await Ids(api.ListMachinesAsync());

        Assert.Equal(25_000, ids.Count);
        Assert.Equal(25_000, ids.Distinct().Count());
        Assert.Equal(3, service.Requested.Count);
    }

    [Fact]
    public async Task A_listing_that_ends_before_the_services_own_count_fails_loudly_after_handing_out_what_it_read()
    {
        // Reported: firezone PR 14768 (a listing that stops early silently looks complete). The service's
        // @odata.count (OData 4.0 system query option $count) is the evidence of how many items the query has.
        PagedService service = new PagedService()
            .Page("/api/machines?$count=true", ["m1", "m2"], Page2, count: 5)
            .Page(Page2, ["m3"], count: 5);
        var api = new PagingApiClient(service.CreateHttpClient());
        var read = new List<string>();

        ODataPagingException error = await Assert.ThrowsAsync<ODataPagingException>(async () =>
        {
            await foreach (Machine machine in api.ListMachinesAsync(count: true))
            {
                read.Add(machine.Id);
            }
        });

        Assert.Equal(["m1", "m2", "m3"], read);
        Assert.Equal("ListMachines", error.OperationName);
        Assert.Equal(3, error.ItemsRead);
        Assert.Contains("counted 5 items", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 items are missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("$filter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_count_covers_only_the_window_that_skip_and_top_ask_for()
    {
        PagedService service = new PagedService()
            .Page("/api/machines?$top=2&$skip=2&$count=true", ["m3", "m4"], count: 5)
            .Page("/api/machines?$skip=4&$count=true", ["m5"], count: 5);
        var api = new PagingApiClient(service.CreateHttpClient());

        Assert.Equal(["m3", "m4"], await Ids(api.ListMachinesAsync(top: 2, skip: 2, count: true)));
        Assert.Equal(["m5"], await Ids(api.ListMachinesAsync(skip: 4, count: true)));
    }

    [Fact]
    public async Task More_items_than_the_count_pass_items_may_be_added_while_the_listing_is_read()
    {
        PagedService service = new PagedService()
            .Page("/api/machines", ["m1", "m2"], Page2, count: 2)
            .Page(Page2, ["m3"], count: 3);
        var api = new PagingApiClient(service.CreateHttpClient());

        Assert.Equal(3, (await Ids(api.ListMachinesAsync())).Count);
    }

    [Fact]
    public async Task A_next_link_seen_before_is_a_loop_and_fails_loudly()
    {
        // Reported: MicrosoftDocs/microsoft-365-docs issue 8316 (without $top "every response contains a nextlink":
        // the listing never ends).
        PagedService service = new PagedService()
            .Page("/api/machines", ["m1"], Page2)
            .Page(Page2, ["m2"], PagedService.Api + "/api/machines");
        var api = new PagingApiClient(service.CreateHttpClient());

        ODataPagingException error = await Assert.ThrowsAsync<ODataPagingException>(() => Ids(api.ListMachinesAsync()));

        Assert.Contains("sent before", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.ItemsRead);
        Assert.Equal(2, service.Requested.Count);
    }

    [Fact]
    public async Task An_empty_page_whose_next_link_repeats_fails_loudly_and_an_empty_page_with_a_new_link_does_not()
    {
        PagedService looping = new PagedService()
            .Page("/api/machines", ["m1"], Page2)
            .Page(Page2, [], Page2);
        PagedService moving = new PagedService()
            .Page("/api/machines", [], Page2)
            .Page(Page2, ["m1"]);

        await Assert.ThrowsAsync<ODataPagingException>(() => Ids(new PagingApiClient(looping.CreateHttpClient()).ListMachinesAsync()));
        Assert.Equal(["m1"], await Ids(new PagingApiClient(moving.CreateHttpClient()).ListMachinesAsync()));
    }

    [Fact]
    public async Task A_next_link_that_lost_its_query_names_fails_loudly_before_it_is_followed()
    {
        // The next links reported in MicrosoftDocs/microsoft-365-docs issue 8316, run after run: the second keeps the
        // filter, the third has lost the parameter names ("?=onboardingstatus…&=10000&$skip=10000"), so its pages
        // would not belong to the query.
        const string Run2 = PagedService.Api + "/api/machines?$filter=onboardingstatus%20eq%20%27onboarded%27&$skip=2";
        const string Run3 = PagedService.Api + "/api/machines?=onboardingstatus%20eq%20%27onboarded%27&=2&$skip=2";
        PagedService service = new PagedService()
            .Page("/api/machines?$filter=onboardingstatus%20eq%20%27onboarded%27", ["m1", "m2"], Run2)
            .Page(Run2, ["m3", "m4"], Run3)
            .Page(Run3, ["x1", "x2"]);
        var api = new PagingApiClient(service.CreateHttpClient());

        ODataPagingException error = await Assert.ThrowsAsync<ODataPagingException>(() => Ids(api.ListMachinesAsync(filter: "onboardingstatus eq 'onboarded'")));

        Assert.Contains("without names", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, service.Requested.Count);
    }

    [Fact]
    public async Task A_next_link_whose_skip_does_not_move_fails_loudly()
    {
        // MicrosoftDocs/microsoft-365-docs issue 8316: the next links kept "$skip=10000" while the pages went on.
        const string Skip2 = PagedService.Api + "/api/machines?$skip=2";
        const string Skip2Again = PagedService.Api + "/api/machines?$top=2&$skip=2";
        PagedService service = new PagedService()
            .Page("/api/machines", ["m1", "m2"], Skip2)
            .Page(Skip2, ["m3", "m4"], Skip2Again)
            .Page(Skip2Again, ["m3", "m4"]);
        var api = new PagingApiClient(service.CreateHttpClient());

        ODataPagingException error = await Assert.ThrowsAsync<ODataPagingException>(() => Ids(api.ListMachinesAsync()));

        Assert.Contains("$skip=2, which does not move past", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, service.Requested.Count);
    }

    [Theory]
    [InlineData("https://attacker.example/api/machines?$skiptoken=abc")]
    [InlineData("http://api.securitycenter.microsoft.com/api/machines?$skiptoken=abc")]
    [InlineData("https://api.securitycenter.microsoft.com:8443/api/machines?$skiptoken=abc")]
    [InlineData("https://user:secret@attacker.example/api/machines?$skiptoken=abc")]
    public async Task A_next_link_to_another_origin_is_refused_and_the_token_never_leaves_the_api(string foreign)
    {
        PagedService service = new PagedService().Page("/api/machines", ["m1"], foreign);
        var settings = new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => new ValueTask<string>("token-for-the-api") };
        var api = new PagingApiClient(service.CreateHttpClient(), settings);

        ODataPagingException error = await Assert.ThrowsAsync<ODataPagingException>(() => Ids(api.ListMachinesAsync()));

        RecordedRequestAssert.OnlyTheApiWasCalled(service, expectedRequests: 1);
        Assert.Equal("Bearer token-for-the-api", service.Handler.Last.Authorization);
        Assert.Contains("not at the API (https://api.securitycenter.microsoft.com)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("skiptoken", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);

        // The page call refuses the same link handed to it directly, before any request exists.
        await Assert.ThrowsAsync<ODataPagingException>(() => api.ListMachinesPageAsync(new Uri(foreign)));
        RecordedRequestAssert.OnlyTheApiWasCalled(service, expectedRequests: 1);
    }

    [Fact]
    public async Task A_foreign_next_link_is_refused_before_the_decorator_takes_a_permit_for_it()
    {
        PagedService service = new PagedService().Page("/api/machines", ["m1"], "https://attacker.example/api/machines?$skiptoken=abc");
        var limiters = new CountingLimiters();
        var api = new ThrottledPagingApi(new PagingApiClient(service.CreateHttpClient()), limiters);

        ODataPagingException error = await Assert.ThrowsAsync<ODataPagingException>(() => Ids(api.ListMachinesAsync()));

        Assert.Equal(1, error.ItemsRead);
        Assert.Equal(["ListMachines"], limiters.Acquired);
        Assert.Single(service.Requested);
    }

    [Fact]
    public async Task A_next_link_of_the_api_with_another_host_spelling_case_is_followed()
    {
        const string Upper = "https://API.SecurityCenter.Microsoft.com/api/machines?$skiptoken=eyJQYWdlIjoyfQ";
        PagedService service = new PagedService()
            .Page("/api/machines", ["m1"], Upper)
            .Page(Upper, ["m2"]);
        var api = new PagingApiClient(service.CreateHttpClient());

        Assert.Equal(["m1", "m2"], await Ids(api.ListMachinesAsync()));
    }

    [Fact]
    public async Task Cancelling_stops_the_listing_before_the_next_page_is_requested()
    {
        PagedService service = new PagedService()
            .Page("/api/machines", ["m1"], Page2)
            .Page(Page2, ["m2"]);
        var api = new PagingApiClient(service.CreateHttpClient());
        using var cancellation = new CancellationTokenSource();

        var read = new List<string>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (Machine machine in api.ListMachinesAsync(cancellationToken: cancellation.Token))
            {
                read.Add(machine.Id);
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(["m1"], read);
        Assert.Single(service.Requested);
    }

    [Fact]
    public async Task The_token_given_to_GetAsyncEnumerator_cancels_too()
    {
        PagedService service = new PagedService()
            .Page("/api/machines", ["m1"], Page2)
            .Page(Page2, ["m2"]);
        var api = new PagingApiClient(service.CreateHttpClient());
        using var cancellation = new CancellationTokenSource();

        await using IAsyncEnumerator<Machine> items = api.ListMachinesAsync().GetAsyncEnumerator(cancellation.Token);
        Assert.True(await items.MoveNextAsync());
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await items.MoveNextAsync());
        Assert.Single(service.Requested);
    }

    [Fact]
    public void Arguments_are_checked_when_the_listing_is_created_not_when_it_is_first_read()
    {
        var api = new PagingApiClient(new PagedService().CreateHttpClient());

        Assert.Throws<ArgumentNullException>(() => api.ListMachineVulnerabilitiesAsync(null!, 5));
    }

    [Theory]
    [InlineData("""{"value":[{"id":"m1"}],"@odata.count":"1"}""", 1)]
    [InlineData("""{"@odata.nextlink":null,"value":[]}""", 0)]
    public async Task The_count_may_be_a_string_and_a_null_next_link_ends_the_listing(string body, int expected)
    {
        PagedService service = new PagedService().Body("/api/machines", body);
        var api = new PagingApiClient(service.CreateHttpClient());

        Assert.Equal(expected, (await Ids(api.ListMachinesAsync())).Count);
    }

    [Theory]
    [InlineData("""{"@odata.context":"x"}""", "no 'value' array")]
    [InlineData("""{"value":{"id":"m1"}}""", "not an array")]
    [InlineData("""{"value":[null]}""", "null item at index 0")]
    [InlineData("""{"value":[],"@odata.count":-1}""", "@odata.count")]
    [InlineData("""[{"id":"m1"}]""", "not a JSON object")]
    public async Task A_body_that_is_not_a_page_is_a_clear_format_error(string body, string expected)
    {
        PagedService service = new PagedService().Body("/api/machines", body);
        var api = new PagingApiClient(service.CreateHttpClient());

        MdeResponseFormatException error = await Assert.ThrowsAsync<MdeResponseFormatException>(() => api.ListMachinesPageAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("ListMachines", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<string>> Ids(IAsyncEnumerable<Machine> machines)
    {
        var ids = new List<string>();
        await foreach (Machine machine in machines)
        {
            ids.Add(machine.Id);
        }

        return ids;
    }

    /// <summary>Counts each permit asked for, by operation; always grants.</summary>
    private sealed class CountingLimiters : IRateLimiterProvider
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

    /// <summary>One limiter for every operation.</summary>
    private sealed class OneLimiter(RateLimiter limiter) : IRateLimiterProvider
    {
        public RateLimiter GetLimiter(EndpointDescription endpoint) => limiter;
    }

    private static class RecordedRequestAssert
    {
        public static void OnlyTheApiWasCalled(PagedService service, int expectedRequests)
        {
            Assert.Equal(expectedRequests, service.Requested.Count);
            Assert.All(service.Handler.Requests, r => Assert.Equal("https://api.securitycenter.microsoft.com/", r.Uri.GetLeftPart(UriPartial.Authority) + "/"));
        }
    }
}
