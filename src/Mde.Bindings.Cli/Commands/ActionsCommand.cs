using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Mde.Bindings.Cli.Commands;

/// <summary>
/// <c>mde-lr actions [--machine &lt;id&gt;] [--status &lt;s&gt;] [--type &lt;t&gt;] [--top &lt;n&gt;] [--json]</c>: the tenant's
/// machine actions, newest first, filtered on the service with OData <c>$filter</c>.
/// </summary>
internal static class ActionsCommand
{
    private const int DefaultTop = 50;
    private const int MaxTop = 10_000;

    // The values of the spec's MachineActionStatus and MachineActionType (api-spec/live-response.api.json).
    // The wire values the spec lists for MachineActionStatus and MachineActionType.
    private static readonly string[] s_statuses = [.. Protocol.MachineActionStatus.KnownValues.Select(v => v.ToString())];
    private static readonly string[] s_types = [.. Protocol.MachineActionType.KnownValues.Select(v => v.ToString())];

    public static Command Create(CliEnvironment environment)
    {
        var machine = new Option<string?>("--machine", "-m") { Description = "Only this device's actions (its machine id)." };
        var status = new Option<string?>("--status") { Description = "Only actions in this state: " + string.Join(", ", s_statuses) + "." };
        var type = new Option<string?>("--type") { Description = "Only actions of this type, such as LiveResponse or Isolate." };
        var top = new Option<int>("--top", "-n") { Description = $"How many actions to show, newest first (1 to {MaxTop}).", DefaultValueFactory = _ => DefaultTop };
        var json = new Option<bool>("--json") { Description = "Print only a JSON array of the machine actions as the API returns them." };
        machine.NotBlank("a device's machine id");
        status.Validators.Add(result => OneOf(result, status.Name, s_statuses));
        type.Validators.Add(result => OneOf(result, type.Name, s_types));
        top.Validators.Add(result =>
        {
            int value;
            try
            {
                value = result.GetValueOrDefault<int>();
            }
            catch (InvalidOperationException)
            {
                // Validators run before a value that is not a number is reported: that is a parse error of its own.
                return;
            }

            if (value is < 1 or > MaxTop)
            {
                result.AddError($"{top.Name} must be from 1 to {MaxTop}.");
            }
        });

        var command = new Command("actions", "List machine actions, newest first.") { machine, status, type, top, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? filter = Filter(parse.GetValue(machine), Canonical(parse.GetValue(status), s_statuses), Canonical(parse.GetValue(type), s_types));
            await using ApiConnection connection = await ApiConnection.OpenAsync(environment, cancellationToken);
            environment.Error.WriteLine("mde-lr: using " + connection.Description);
            List<JsonElement> actions;
            try
            {
                actions = await ListAsync(connection.Http, filter, parse.GetValue(top), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return ErrorReporter.Report(ex, environment, parse.GetValue(machine));
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(environment.Out, writer =>
                {
                    writer.WriteStartArray();
                    actions.ForEach(a => a.WriteTo(writer));
                    writer.WriteEndArray();
                });
            }
            else
            {
                foreach (JsonElement action in actions)
                {
                    environment.Out.WriteLine(string.Join('\t', Text(action, "creationDateTimeUtc"), Text(action, "id"), Text(action, "type"), Text(action, "status"), Text(action, "machineId"), Text(action, "computerDnsName"), Text(action, "requestor")));
                }

                environment.Error.WriteLine($"mde-lr: {actions.Count} action(s).");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The OData filter for the options, or null: the clauses joined with <c>and</c>, as peers send them
    /// (demisto/content's MicrosoftDefenderAdvancedThreatProtection.py, reformat_filter).
    /// </summary>
    internal static string? Filter(string? machineId, string? status, string? type)
    {
        List<string> clauses = [];
        if (machineId is not null)
        {
            clauses.Add($"machineId eq '{Quote(machineId)}'");
        }

        if (status is not null)
        {
            clauses.Add($"status eq '{status}'");
        }

        if (type is not null)
        {
            clauses.Add($"type eq '{type}'");
        }

        return clauses.Count == 0 ? null : string.Join(" and ", clauses);
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient http, string? filter, int top, CancellationToken cancellationToken)
    {
        // Read as raw JSON so that --json prints every member the service sent, even ones the models do not know.
        var query = new StringBuilder("/api/machineactions?$top=").Append(top.ToString(CultureInfo.InvariantCulture));
        if (filter is not null)
        {
            query.Append("&$filter=").Append(Uri.EscapeDataString(filter));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, http.BaseAddress!.ToString().TrimEnd('/') + query);
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await Refit.ApiException.Create(request, HttpMethod.Get, response, new Refit.RefitSettings());
        }

        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using JsonDocument document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        if (!document.RootElement.TryGetProperty("value", out JsonElement value) || value.ValueKind != JsonValueKind.Array)
        {
            throw new MdeResponseFormatException("The machine action list has no 'value' array.");
        }

        // Newest first: the service lists the latest first (the docs' "latest two MachineActions" example with
        // $top=2); sorting again keeps that promise whatever order a page arrives in.
        return [.. value.EnumerateArray().Select(a => a.Clone()).OrderByDescending(Created)];
    }

    private static DateTimeOffset Created(JsonElement action) =>
        action.TryGetProperty("creationDateTimeUtc", out JsonElement created) && created.ValueKind == JsonValueKind.String && created.TryGetDateTimeOffset(out DateTimeOffset when)
            ? when
            : DateTimeOffset.MinValue;

    private static string Text(JsonElement action, string name) =>
        action.TryGetProperty(name, out JsonElement value) && value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : "-";

    private static string Quote(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    private static string? Canonical(string? value, string[] allowed) =>
        value is null ? null : allowed.First(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));

    private static void OneOf(System.CommandLine.Parsing.OptionResult result, string name, string[] allowed)
    {
        if (result.Tokens is [{ Value: { } value }, ..] && !allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            result.AddError($"{name} '{value}' is not one of {string.Join(", ", allowed)}.");
        }
    }
}
