using System.Globalization;
using System.Text.Json;
using Mde.Bindings.Auth;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Protocol;

namespace Mde.Bindings.Cli.Doctor;

/// <summary>
/// The checks of <c>mde-lr doctor</c>, in order: the settings, the token, the roles each command needs, the API, then
/// the library script and the device when asked. A check that needs what an earlier one could not give is reported
/// as not checked (a problem), so the list always has the same lines for the same options.
/// </summary>
internal sealed class DoctorChecks
{
    /// <summary>How long a device may go without a full report before the doctor calls it stale (the service marks it Inactive then).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(7);


    private readonly CliEnvironment _environment;
    private readonly List<DoctorCheck> _checks = [];

    private DoctorChecks(CliEnvironment environment)
    {
        _environment = environment;
    }

    public static async Task<IReadOnlyList<DoctorCheck>> RunAsync(CliEnvironment environment, string? machineId, string? script, CancellationToken cancellationToken)
    {
        var doctor = new DoctorChecks(environment);
        await doctor.RunAllAsync(machineId, script, cancellationToken);
        return doctor._checks;
    }

    private async Task RunAllAsync(string? machineId, string? script, CancellationToken cancellationToken)
    {
        if (!CheckSettings())
        {
            NotChecked("settings", machineId, script, withToken: true);
            return;
        }

        ApiConnection connection;
        try
        {
            connection = await ApiConnection.OpenAsync(_environment, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            (_, string message) = ErrorReporter.Describe(e, _environment.GetVariable);
            _checks.Add(DoctorCheck.Problem("token", "the credentials cannot be used: " + message, "Check the secret or the certificate file (MDE_CLIENT_CERTIFICATE and its password)."));
            NotChecked("token", machineId, script, withToken: false);
            return;
        }

        await using (connection)
        {
            await RunWithConnectionAsync(connection, machineId, script, cancellationToken);
        }
    }

    private async Task RunWithConnectionAsync(ApiConnection connection, string? machineId, string? script, CancellationToken cancellationToken)
    {
        AccessTokenClaims? claims = await CheckTokenAsync(connection, cancellationToken);
        if (claims is null)
        {
            NotChecked("token", machineId, script, withToken: false);
            return;
        }

        foreach ((string command, IReadOnlyList<EndpointDescription> operations) in CommandOperations.All)
        {
            CheckRoles(command, operations, claims);
        }

        if (!await CheckApiAsync(connection, cancellationToken))
        {
            NotCheckedAfterApi(machineId, script);
            return;
        }

        if (script is not null)
        {
            await CheckScriptAsync(connection, script, cancellationToken);
        }

        if (machineId is not null)
        {
            await CheckDeviceAsync(connection, machineId, cancellationToken);
        }
    }

    private bool CheckSettings()
    {
        MdeAuthOptions? settings;
        try
        {
            settings = MdeAuthOptions.FromEnvironment(_environment.GetVariable);
        }
        catch (MdeAuthConfigurationException e)
        {
            _checks.Add(DoctorCheck.Problem("settings", SecretRedaction.Redact(e.Message, _environment.GetVariable), "Correct the MDE_* variable the message names (mde-lr --help lists them), or unset them all to use the embedded emulator."));
            return false;
        }

        _checks.Add(DoctorCheck.Pass("settings", settings switch
        {
            null => "no MDE_TENANT_ID, MDE_CLIENT_ID or MDE_EMULATOR_URL set: the embedded emulator (nothing reaches a tenant).",
            { EmulatorUrl: { } url } => $"MDE_EMULATOR_URL={url}: the emulator there (nothing reaches a tenant).",
            _ => $"tenant {settings.TenantId}, client {settings.ClientId}, {(settings.ClientCertificate is not null || settings.ClientCertificatePath is not null ? "certificate" : "client secret")}, cloud {settings.Cloud.Name}, API {settings.GetApiBaseAddress()}, scope {settings.GetScope()}.",
        }));
        return true;
    }

    private async Task<AccessTokenClaims?> CheckTokenAsync(ApiConnection connection, CancellationToken cancellationToken)
    {
        MdeAccessToken token;
        try
        {
            token = await connection.Tokens.GetTokenAsync(connection.Audience, forceRefresh: false, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            (_, string message) = ErrorReporter.Describe(e, _environment.GetVariable);
            _checks.Add(DoctorCheck.Problem("token", "no token: " + message, "Check MDE_TENANT_ID, MDE_CLIENT_ID and the secret or certificate (a secret expires: make a new one under Certificates & secrets), and that the app registration exists in that tenant."));
            return null;
        }

        if (!AccessTokenClaims.TryRead(token.Value, out AccessTokenClaims? claims))
        {
            _checks.Add(DoctorCheck.Problem("token", "obtained, but it is not a JSON Web Token: its audience and roles cannot be read.", $"Request it for the scope {connection.Audience.TrimEnd('/')}/.default (MDE_SCOPE), which gives a readable token."));
            return null;
        }

        DateTimeOffset now = _environment.TimeProvider.GetUtcNow();
        DateTimeOffset expires = claims.ExpiresOn ?? token.ExpiresOn;
        string held = claims.Permissions.Count == 0 ? "none" : string.Join(", ", claims.Permissions);
        string facts = $"client {claims.AppId ?? "?"}, audience {claims.Audience ?? "(none)"}, expires {expires.ToString("u", CultureInfo.InvariantCulture)}, {(claims.IsDelegated ? "delegated scopes" : "roles")}: {held}";
        if (!OperationPermissions.IsApiAudience(claims.Audience, connection.Audience))
        {
            _checks.Add(DoctorCheck.Problem("token", facts + ".", $"The token is for another API: request the scope {connection.Audience.TrimEnd('/')}/.default (set MDE_SCOPE if MDE_CLOUD does not give it; microsoft-365-docs issue 9246)."));
            return null;
        }

        if (expires <= now)
        {
            _checks.Add(DoctorCheck.Problem("token", facts + ": already expired.", "Check this machine's clock (a token is valid for about an hour from issue)."));
            return null;
        }

        _checks.Add(DoctorCheck.Pass("token", $"{facts} (valid for {(int)(expires - now).TotalMinutes} more minutes)."));
        return claims;
    }

    private void CheckRoles(string command, IReadOnlyList<EndpointDescription> operations, AccessTokenClaims claims)
    {
        // The preflight's rule (OperationPermissions): the spec's application list for roles, delegated for scopes.
        IReadOnlyList<string> Accepted(EndpointDescription operation) => OperationPermissions.Accepted(operation, claims.IsDelegated);
        List<EndpointDescription> missing = [.. operations.Where(o => !OperationPermissions.AnyHeld(Accepted(o), claims.Permissions))];
        string name = "roles-" + command;
        if (missing.Count == 0)
        {
            string granted = string.Join(", ", operations.Select(o => claims.Permissions.First(h => Accepted(o).Any(a => OperationPermissions.Same(a, h)))).Distinct(StringComparer.OrdinalIgnoreCase));
            _checks.Add(DoctorCheck.Pass(name, $"{command} calls {string.Join(", ", operations.Select(o => o.Name))}; the token has {granted}."));
            return;
        }

        string needs = string.Join("; ", missing.Select(o => $"{o.Name} needs one of {string.Join(", ", Accepted(o))}"));
        string grant = string.Join(", ", missing.Select(o => Accepted(o)[0]).Distinct(StringComparer.OrdinalIgnoreCase));
        _checks.Add(DoctorCheck.Problem(name, $"{command} cannot work: {needs}.", Grant(grant, claims.IsDelegated)));
    }

    /// <summary>Where to grant permissions, as the preflight's message says it.</summary>
    private static string Grant(string permissions, bool delegated) =>
        $"Grant {permissions} in the {OperationPermissions.PortalPathPrefix}{(delegated ? "Delegated" : "Application")} permissions, then Grant admin consent; the next token carries it.";

    private async Task<bool> CheckApiAsync(ApiConnection connection, CancellationToken cancellationToken)
    {
        Uri address = connection.Http.BaseAddress!;
        DoctorHttp.DoctorAnswer answer;
        try
        {
            answer = await DoctorHttp.GetAsync(connection.Http, "api/machineactions?$top=1", cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            (_, string message) = ErrorReporter.Describe(e, _environment.GetVariable);
            _checks.Add(DoctorCheck.Problem("api", $"{address} cannot be reached: {message}", "Check the network and proxy (HTTPS_PROXY), MDE_API_URL, and for a standalone emulator that it runs at MDE_EMULATOR_URL."));
            return false;
        }

        // A 403 is the API answering: the roles checks say what it lacks.
        if (answer.Status is (>= 200 and < 300) or 403)
        {
            _checks.Add(DoctorCheck.Pass("api", $"{address} answers (ListMachineActions: {answer.Status})."));
            return true;
        }

        string fix = answer.Status == 401
            ? "The API refused the token itself: check that the app registration is in the tenant the API serves and that MDE_CLOUD matches it."
            : "The service failed or refused the request; try again later, and check MDE_API_URL.";
        _checks.Add(DoctorCheck.Problem("api", $"{address} answered {answer.ErrorText}.", fix));
        return false;
    }

    private async Task CheckScriptAsync(ApiConnection connection, string script, CancellationToken cancellationToken)
    {
        const string Name = "library-script";
        string fileName = Path.GetFileName(script);
        var local = new FileInfo(script);
        IReadOnlyList<LibraryEntry> library;
        try
        {
            library = await connection.Client.ListLibraryFilesAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            (_, string message) = ErrorReporter.Describe(e, _environment.GetVariable);
            _checks.Add(DoctorCheck.Problem(Name, $"the library could not be listed: {message}", "See the roles-library check: listing the library needs Library.Manage."));
            return;
        }

        // The library compares names ignoring case (a second upload of Script.ps1 replaces script.ps1).
        LibraryEntry? entry = library.FirstOrDefault(f => string.Equals(f.FileName, fileName, StringComparison.OrdinalIgnoreCase));
        string mb = !local.Exists ? string.Empty
            : local.Length < 1024 * 1024 ? $"{local.Length} bytes"
            : $"{(local.Length / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} MB";
        if (local.Exists && local.Length > LiveResponseClient.MaxLibraryFileBytes)
        {
            // upload-library.md: 20 MB through the API; the portal's library takes 250 MB (live-response.md).
            _checks.Add(DoctorCheck.Problem(Name, $"{script} is {mb}; the API takes library files up to 20 MB{(entry is null ? " and the library has no file of that name" : string.Empty)}.", "Make the file smaller (compress what it carries, or fetch it on the device), or upload it in the portal, whose library takes up to 250 MB."));
            return;
        }

        if (entry is null)
        {
            string fix = local.Exists
                ? $"Upload it: mde-lr library upload {script}"
                : $"Upload it with mde-lr library upload <file>, or check the name against mde-lr library list ({library.Count} file(s) there).";
            _checks.Add(DoctorCheck.Problem(Name, $"{fileName} is not in the live response library{(local.Exists ? $" (the local file is {mb}, under the 20 MB limit)" : string.Empty)}.", fix));
            return;
        }

        string updated = entry.LastUpdatedTime is { } when ? $", last updated {when.ToString("u", CultureInfo.InvariantCulture)}" : string.Empty;
        _checks.Add(DoctorCheck.Pass(Name, $"{entry.FileName} is in the library{updated}{(entry.CreatedBy is { Length: > 0 } by ? $" by {by}" : string.Empty)}{(local.Exists ? $"; the local file is {mb}, under the 20 MB limit" : string.Empty)}."));
    }

    private async Task CheckDeviceAsync(ApiConnection connection, string machineId, CancellationToken cancellationToken)
    {
        DoctorHttp.DoctorAnswer answer = await DoctorHttp.GetAsync(connection.Http, "api/machines/" + Uri.EscapeDataString(machineId), cancellationToken);
        JsonElement machine = answer.Body;
        if (answer.Status != 200)
        {
            string fix = answer.Status switch
            {
                404 => "Check the id (the device page's URL in the portal holds it; it is 40 hex characters on the service), or the device has not reported within the retention period.",
                403 => Grant(LiveResponseApiDescription.GetMachine.ApplicationPermissions[0], delegated: false),
                _ => "Try again later.",
            };
            _checks.Add(DoctorCheck.Problem("device", $"{machineId}: GetMachine answered {answer.ErrorText}.", fix));
            _checks.Add(DoctorCheck.NotChecked("device-health", "device"));
            _checks.Add(DoctorCheck.NotChecked("device-action", "device"));
            return;
        }

        string onboarding = DoctorHttp.Text(machine, "onboardingStatus") ?? DoctorHttp.Text(machine, "onboardingstatus") ?? "unknown";
        string group = DoctorHttp.Text(machine, "rbacGroupName") is { } groupName ? $", device group {groupName}" : string.Empty;
        string name = DoctorHttp.Text(machine, "computerDnsName") ?? machineId;
        _checks.Add(string.Equals(onboarding, "Onboarded", StringComparison.OrdinalIgnoreCase)
            ? DoctorCheck.Pass("device", $"{name} ({DoctorHttp.Text(machine, "id")}) is known and onboarded{group}.")
            : DoctorCheck.Problem("device", $"{name} is known but its onboarding status is {onboarding}{group}.", "Onboard the device to Defender for Endpoint: live response runs only on onboarded devices."));

        CheckHealth(machine);
        await CheckActiveActionAsync(connection, machineId, cancellationToken);
    }

    private void CheckHealth(JsonElement machine)
    {
        string health = DoctorHttp.Text(machine, "healthStatus") ?? "unknown";
        DateTimeOffset now = _environment.TimeProvider.GetUtcNow();
        DateTimeOffset? lastSeen = DoctorHttp.Text(machine, "lastSeen") is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset seen) ? seen : null;
        string seenText = lastSeen is { } at ? $"last full report {at.ToString("u", CultureInfo.InvariantCulture)} ({Ago(now - at)})" : "no last-seen time";
        bool stale = lastSeen is null || now - lastSeen > StaleAfter;
        if (string.Equals(health, "Active", StringComparison.OrdinalIgnoreCase) && !stale)
        {
            _checks.Add(DoctorCheck.Pass("device-health", $"health Active, {seenText}."));
            return;
        }

        _checks.Add(DoctorCheck.Problem("device-health", $"health {health}, {seenText}.", "Live response needs the device on and reporting: check that it is powered on and online, and its sensor health in the portal (Devices → the device)."));
    }

    private async Task CheckActiveActionAsync(ApiConnection connection, string machineId, CancellationToken cancellationToken)
    {
        string filter = $"machineId eq '{machineId.Replace("'", "''", StringComparison.Ordinal)}' and type eq 'LiveResponse' and (status eq 'Pending' or status eq 'InProgress')";
        DoctorHttp.DoctorAnswer answer = await DoctorHttp.GetAsync(connection.Http, "api/machineactions?$top=10&$filter=" + Uri.EscapeDataString(filter), cancellationToken);
        if (answer.Status != 200 || answer.Body.ValueKind != JsonValueKind.Object || !answer.Body.TryGetProperty("value", out JsonElement actions) || actions.ValueKind != JsonValueKind.Array)
        {
            _checks.Add(DoctorCheck.Problem("device-action", $"the device's machine actions could not be listed: {answer.ErrorText}.", "See the roles-actions check: listing machine actions needs Machine.ReadWrite.All."));
            return;
        }

        JsonElement? active = actions.EnumerateArray().Select(a => (JsonElement?)a).FirstOrDefault();
        if (active is not { } action)
        {
            _checks.Add(DoctorCheck.Pass("device-action", "no live response action is pending or running on it."));
            return;
        }

        // One live response run per device: the next answers 400 ActiveRequestAlreadyExists (microsoft-365-docs PR 11695).
        string id = DoctorHttp.Text(action, "id") ?? "?";
        _checks.Add(DoctorCheck.Problem("device-action", $"live response action {id} is {DoctorHttp.Text(action, "status")} on it (requested by {DoctorHttp.Text(action, "requestor") ?? "?"}); a new run would be refused.", $"Wait for it (mde-lr status {id}), or cancel it: mde-lr cancel {id} (run --cancel-active does that before it starts)."));
    }

    private void NotChecked(string earlier, string? machineId, string? script, bool withToken)
    {
        if (withToken)
        {
            _checks.Add(DoctorCheck.NotChecked("token", earlier));
        }

        foreach ((string command, _) in CommandOperations.All)
        {
            _checks.Add(DoctorCheck.NotChecked("roles-" + command, earlier));
        }

        _checks.Add(DoctorCheck.NotChecked("api", earlier));
        NotCheckedAfterApi(machineId, script, earlier);
    }

    private void NotCheckedAfterApi(string? machineId, string? script, string earlier = "api")
    {
        if (script is not null)
        {
            _checks.Add(DoctorCheck.NotChecked("library-script", earlier));
        }

        if (machineId is not null)
        {
            _checks.Add(DoctorCheck.NotChecked("device", earlier));
            _checks.Add(DoctorCheck.NotChecked("device-health", earlier));
            _checks.Add(DoctorCheck.NotChecked("device-action", earlier));
        }
    }

    private static string Ago(TimeSpan age) =>
        age < TimeSpan.FromMinutes(1) ? "just now"
        : age < TimeSpan.FromHours(1) ? $"{(int)age.TotalMinutes} min ago"
        : age < TimeSpan.FromDays(2) ? $"{(int)age.TotalHours} h ago"
        : $"{(int)age.TotalDays} days ago";
}
