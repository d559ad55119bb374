using Mde.Bindings.DocsCheck.DocsPages;

namespace Mde.Bindings.DocsCheck;

/// <summary>
/// The tolerant reader on hand-picked pages whose text is irregular. Each expectation is what the stored page
/// (MicrosoftDocs/defender-docs, defender-endpoint/api/, at the commit on the page's first line) prints.
/// </summary>
public sealed class DocsPageReaderTests
{
    private static DocsOperation Single(string page)
    {
        IReadOnlyList<DocsOperation> operations = DocsPageReader.Read(page, File.ReadAllText(Path.Combine(DocsPageFolder.Path, page)));
        return Assert.Single(operations);
    }

    [Fact]
    public void Two_delegated_permissions_printed_without_a_separator_are_split_and_reported()
    {
        // cancel-machine-action.md prints "Machine.StopAndQuarantineMachine.LiveResponse" in the delegated row,
        // and lists every permission in one cell separated by <br>.
        DocsOperation cancel = Single("cancel-machine-action.md");

        string[] all = ["Machine.CollectForensics", "Machine.Isolate", "Machine.RestrictExecution", "Machine.Scan", "Machine.Offboard", "Machine.StopAndQuarantine", "Machine.LiveResponse"];
        Assert.Equal(all, cancel.ApplicationPermissions);
        Assert.Equal(all, cancel.DelegatedPermissions);
        Assert.Contains(cancel.Anomalies, a => a.Contains("two permissions run together", StringComparison.Ordinal) && a.Contains("Machine.StopAndQuarantineMachine.LiveResponse", StringComparison.Ordinal));
        Assert.Equal("POST", cancel.Method);
        Assert.Equal("/api/machineactions/{machineactionid}/cancel", cancel.Path);
        Assert.Contains("placeholder written in angle brackets", cancel.Anomalies);
        Assert.Equal(["100/minute", "1500/hour"], cancel.Limits);
    }

    [Fact]
    public void A_request_line_wrapped_inside_a_placeholder_is_joined_and_the_legacy_host_dropped()
    {
        // get-live-response-result.md breaks "{machine action\nid}" across two lines of its request block, and its
        // permission rows mix rows with and without outer pipes.
        DocsOperation result = Single("get-live-response-result.md");

        Assert.Equal("GET", result.Method);
        Assert.Equal("/api/machineactions/{machine action id}/GetLiveResponseResultDownloadLink(index={command-index})", result.Path);
        Assert.Equal("/api/machineactions/{}/getliveresponseresultdownloadlink(index={})", result.PathShape);
        Assert.Contains("request line wrapped across lines", result.Anomalies);
        Assert.Equal(["Machine.Read.All", "Machine.ReadWrite.All"], result.ApplicationPermissions);
        Assert.Equal(["Machine.LiveResponse"], result.DelegatedPermissions);
        Assert.Equal(["100/minute", "1500/hour"], result.Limits);
    }

    [Fact]
    public void A_stray_quote_before_a_permission_is_dropped_and_reported()
    {
        // get-package-sas-uri.md prints "Machine.ReadWrite.All with a stray double quote; its table has no outer pipes.
        DocsOperation package = Single("get-package-sas-uri.md");

        Assert.Equal(["Machine.Read.All", "Machine.ReadWrite.All"], package.ApplicationPermissions);
        Assert.Equal(["Machine.CollectForensics"], package.DelegatedPermissions);
        Assert.Contains(package.Anomalies, a => a.StartsWith("stray quote around permission 'Machine.ReadWrite.All'", StringComparison.Ordinal));
        Assert.Equal(["2/minute", "120/hour"], package.Limits);
        Assert.Equal("/api/machineactions/{machine action id}/getPackageUri", package.Path);
    }

    [Fact]
    public void A_request_line_outside_a_code_block_is_read()
    {
        // delete-library.md writes its request line as plain text under "HTTP request".
        DocsOperation delete = Single("delete-library.md");

        Assert.Equal("DELETE", delete.Method);
        Assert.Equal("/api/libraryfiles/{fileName}", delete.Path);
        Assert.Equal(["Library.Manage"], delete.ApplicationPermissions);
        Assert.Equal(["Library.Manage"], delete.DelegatedPermissions);
        Assert.Equal(["100/minute", "1500/hour"], delete.Limits);
    }

    [Fact]
    public void An_upper_case_api_prefix_is_normalised_and_reported()
    {
        // run-live-response.md writes /API/machines/...; its only limit is per minute.
        DocsOperation run = Single("run-live-response.md");

        Assert.Equal("/api/machines/{machine_id}/runliveresponse", run.Path);
        Assert.Contains("path prefix written '/API/' instead of '/api/'", run.Anomalies);
        Assert.Equal(["10/minute"], run.Limits);
        Assert.Equal(["Machine.LiveResponse"], run.ApplicationPermissions);
    }

    [Fact]
    public void Permissions_in_backticks_and_limits_with_thousands_separators_are_read()
    {
        // offboard-machine-api.md writes `Machine.Offboard` in backticks and "1,500 calls per hour".
        DocsOperation offboard = Single("offboard-machine-api.md");

        Assert.Equal(["Machine.Offboard"], offboard.ApplicationPermissions);
        Assert.Equal(["Machine.Offboard"], offboard.DelegatedPermissions);
        Assert.Equal(["100/minute", "1500/hour"], offboard.Limits);
        Assert.Empty(offboard.Anomalies);
    }

    [Fact]
    public void A_request_given_only_as_a_url_line_in_the_prose_is_read_and_escaped_braces_are_undone()
    {
        // get-remediation-one-activity.md has no "HTTP request" section: "**URL:** GET: /api/remediationTasks/\{id\}";
        // its delegated permission repeats a segment (RemediationTask.Read.Read), and it states no rate limit.
        DocsOperation one = Single("get-remediation-one-activity.md");

        Assert.Equal("Get one remediation activity by ID", one.Name);
        Assert.Equal("GET", one.Method);
        Assert.Equal("/api/remediationTasks/{id}", one.Path);
        Assert.Equal(["RemediationTasks.Read.All"], one.ApplicationPermissions);
        Assert.Equal(["RemediationTask.Read.Read"], one.DelegatedPermissions);
        Assert.Empty(one.Limits);
        Assert.Contains("permission 'RemediationTask.Read.Read' repeats a segment", one.Anomalies);
        Assert.Contains("no rate limit stated", one.Anomalies);
    }

    [Fact]
    public void Url_prefixed_and_colon_request_lines_are_read_and_reported()
    {
        // device-health-export-antivirus-health-report-api.md writes "URL: GET: /api/deviceavinfo" inside its code block;
        // get-security-baselines-assessment-profiles.md writes "GET:/api/baselineProfiles" and prints no permissions table.
        IReadOnlyList<DocsOperation> health = DocsPageReader.Read(
            "device-health-export-antivirus-health-report-api.md",
            File.ReadAllText(Path.Combine(DocsPageFolder.Path, "device-health-export-antivirus-health-report-api.md")));
        DocsOperation profiles = Single("get-security-baselines-assessment-profiles.md");

        Assert.Equal("/api/deviceavinfo", health[0].Path);
        Assert.Contains("request line written 'URL: GET: /api/deviceavinfo'", health[0].Anomalies);
        Assert.Equal(["Machine.Read.All"], health[0].ApplicationPermissions);
        Assert.Equal(["Vulnerability.Read.All"], health[1].ApplicationPermissions);
        Assert.Equal("/api/baselineProfiles", profiles.Path);
        Assert.Contains("request line written 'GET:/api/baselineProfiles'", profiles.Anomalies);
        Assert.Contains("no Permissions section", profiles.Anomalies);
    }

    [Fact]
    public void A_part_without_its_own_permissions_borrows_the_pages_first_table_and_says_so()
    {
        // export-security-baseline-assessment.md: part 2 (via files) has Limitations and URL but no Permissions.
        IReadOnlyList<DocsOperation> baseline = DocsPageReader.Read(
            "export-security-baseline-assessment.md",
            File.ReadAllText(Path.Combine(DocsPageFolder.Path, "export-security-baseline-assessment.md")));

        Assert.Equal(2, baseline.Count);
        Assert.Equal(["5/minute", "20/hour"], baseline[1].Limits);
        Assert.Equal(["SecurityBaselinesAssessment.Read.All"], baseline[1].ApplicationPermissions);
        Assert.Contains(baseline[1].Anomalies, a => a.StartsWith("no Permissions section in '2. Export security baselines assessment (via files)'", StringComparison.Ordinal));
        Assert.DoesNotContain(baseline[0].Anomalies, a => a.Contains("Permissions section", StringComparison.Ordinal));
    }

    [Fact]
    public void A_request_line_documented_twice_is_reported_on_both_operations()
    {
        // Get-agent-details.md documents GET /api/DeviceAuthenticatedScanAgents without the agent's {id}
        // (its own example calls .../DeviceAuthenticatedScanAgents/7f3d...), the request line of get-all-scan-agents.md.
        IReadOnlyList<DocsOperation> operations = SharedRequestLines.Mark([Single("Get-agent-details.md"), Single("get-all-scan-agents.md"), Single("get-machines.md")]);

        Assert.Contains("the same request line is documented by get-all-scan-agents.md ('Get all scan agents')", operations[0].Anomalies);
        Assert.Contains("the same request line is documented by Get-agent-details.md ('Get scan agent ID')", operations[1].Anomalies);
        Assert.Empty(operations[2].Anomalies);
    }

    [Fact]
    public void A_permission_with_a_misplaced_dot_is_reported_as_a_typo()
    {
        DocsOperation Operation(string name, params string[] delegated) =>
            new("p.md", name, "GET", "/api/x", "/api/x", [], delegated, [], []);

        IReadOnlyList<DocsOperation> marked = PermissionNameTypos.Mark(
            [Operation("A", "Machine.ReadWrite"), Operation("B", "Machine.ReadWrite"), Operation("C", "Machine.Read.Write")]);

        Assert.Equal(["permission 'Machine.Read.Write' is probably a typo of 'Machine.ReadWrite' (printed on 1 operation(s), the other on 2)"], marked[2].Anomalies);
    }

    [Fact]
    public void A_page_with_several_request_sections_gives_one_operation_per_section_with_its_own_permissions_and_limits()
    {
        const string page = """
            <!-- MicrosoftDocs/defender-docs defender-endpoint/api/example.md @0000000000000000000000000000000000000000 (excerpt) -->
            # Export assessment

            ## 1. Export assessment (JSON response)

            ### 1.1 Limitations

            - Maximum page size is 200,000.
            - Rate limitations for this API are 30 calls per minute and 1000 calls per hour.

            ### 1.2 Permissions

            Permission type|Permission|Permission display name
            ---|---|---
            Application|Vulnerability.Read.All|'Read vulnerability information'
            Delegated (work or school account)|Vulnerability.Read|'Read vulnerability information'

            ### 1.3 URL

            ```http
            GET /api/machines/SecureConfigurationsAssessmentByMachine
            ```

            ## 2. Export assessment (via files)

            ### 2.1 Limitations

            Rate limitations for this API are 5 calls per minute and 20 calls per hour.

            ### 2.2 Permissions

            | Permission type | Permission |
            |---|---|
            | Application | Vulnerability.Read.All |
            | Delegated (work or school account) | Not supported |

            ### 2.3 URL

            ```http
            GET https://api.security.microsoft.com/api/machines/SecureConfigurationsAssessmentExport?$top=10
            ```
            """;

        IReadOnlyList<DocsOperation> operations = DocsPageReader.Read("example.md", page);

        Assert.Equal(2, operations.Count);
        Assert.Equal("1. Export assessment (JSON response)", operations[0].Name);
        Assert.Equal("/api/machines/SecureConfigurationsAssessmentByMachine", operations[0].Path);
        Assert.Equal(["30/minute", "1000/hour"], operations[0].Limits);
        Assert.Equal(["Vulnerability.Read"], operations[0].DelegatedPermissions);
        Assert.Equal("2. Export assessment (via files)", operations[1].Name);
        Assert.Equal("/api/machines/SecureConfigurationsAssessmentExport", operations[1].Path);
        Assert.Equal(["5/minute", "20/hour"], operations[1].Limits);
        Assert.Equal(["Vulnerability.Read.All"], operations[1].ApplicationPermissions);
        Assert.Empty(operations[1].DelegatedPermissions);
        Assert.Empty(operations[1].Anomalies);
    }

    [Fact]
    public void A_plural_resource_printed_by_one_operation_is_reported_as_a_typo_of_the_usual_name()
    {
        DocsOperation Operation(string name, params string[] application) =>
            new("p.md", name, "GET", "/api/alerts", "/api/alerts", application, [], ["100/minute"], []);

        IReadOnlyList<DocsOperation> marked = PermissionNameTypos.Mark(
        [
            Operation("A", "Alert.ReadWrite.All"),
            Operation("B", "Alert.ReadWrite.All"),
            Operation("C", "Alerts.ReadWrite.All"),
        ]);

        Assert.Empty(marked[0].Anomalies);
        Assert.Equal(["permission 'Alerts.ReadWrite.All' is probably a typo of 'Alert.ReadWrite.All' (printed on 1 operation(s), the other on 2)"], marked[2].Anomalies);
    }

    [Fact]
    public void A_page_without_its_source_line_is_refused_with_the_fix()
    {
        var error = Assert.Throws<InvalidDataException>(() => DocsPageSource.Commit("x.md", "# Title\n"));
        Assert.Contains("the first line must name its source", error.Message, StringComparison.Ordinal);
    }
}
