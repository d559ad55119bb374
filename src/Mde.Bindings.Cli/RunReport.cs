using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mde.Bindings.IO;
using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli;

/// <summary>
/// <c>--report &lt;file&gt;</c>: one row per device — device, machine action id, state, exit code, error, result paths —
/// as CSV (<c>.csv</c>) or JSON (<c>.json</c>), written atomically when the run ends.
/// </summary>
internal static class RunReport
{
    private static readonly string[] s_columns = ["device", "machine_action_id", "state", "exit_code", "error", "result_paths"];

    public static Option<string?> Option() =>
        new Option<string?>("--report") { Description = "Write a report of every device (device, action id, state, exit code, error, result paths) to this file when the run ends: CSV or JSON, by its extension (.csv, .json)." }
            .NotBlank("the path of a .csv or .json file")
            .FileToWrite()
            .CsvOrJson();

    /// <summary>One device's row.</summary>
    internal sealed record Row(string Device, string? MachineActionId, string State, int? ExitCode, string? Error, IReadOnlyList<string> ResultPaths);

    /// <summary>The rows of <paramref name="outcomes"/>; <paramref name="describe"/> turns an error into the message the run printed for it.</summary>
    public static IReadOnlyList<Row> Rows(IReadOnlyList<MachineRunOutcome> outcomes, Func<MachineRunOutcome, string?> actionIdOf, Func<Exception, string> describe) =>
        [.. outcomes.Select(outcome =>
        {
            LiveResponseResult? result = outcome.Result;
            string state = result?.State.ToString() ?? (outcome.Error is null ? "Unknown" : "NotStarted");
            int? exitCode = result?.Commands.FirstOrDefault(c => c.Transcript is not null)?.Transcript!.ExitCode;
            string? error = outcome.Error is { } e ? describe(e) : NotCollected(result);
            return new Row(outcome.MachineId, result?.MachineActionId ?? actionIdOf(outcome), state, exitCode, error, [.. (result?.Commands ?? []).Select(c => c.FilePath).OfType<string>()]);
        })];

    /// <summary>Writes the report: CSV or JSON by the file's extension; the file is complete or not written at all.</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<Row> rows, CancellationToken cancellationToken)
    {
        string text = IsCsv(path) ? Csv(rows) : Json(rows);
        byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        string full = AtomicFile.ValidateDestination(path);
        await AtomicFile.WriteAsync(full, bytes.Length, async (stream, ct) =>
        {
            await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
            return bytes.Length;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static string? NotCollected(LiveResponseResult? result) =>
        result?.Commands.FirstOrDefault(c => c.ResultStatus == CommandResultStatus.NotCollected) is { } command
            ? $"The result of command #{command.Index} was not collected: {command.ResultError}"
            : null;

    private static bool IsCsv(string path) => string.Equals(Path.GetExtension(path), ".csv", StringComparison.OrdinalIgnoreCase);

    private static string Csv(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', s_columns)).Append("\r\n");
        foreach (Row row in rows)
        {
            string?[] fields = [row.Device, row.MachineActionId, row.State, row.ExitCode?.ToString(CultureInfo.InvariantCulture), row.Error, string.Join(';', row.ResultPaths)];
            text.Append(string.Join(',', fields.Select(CsvField))).Append("\r\n");
        }

        return text.ToString();
    }

    // RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
    private static string CsvField(string? value) =>
        value is null ? string.Empty
        : value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value
        : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Json(IReadOnlyList<Row> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (Row row in rows)
            {
                writer.WriteStartObject();
                writer.WriteString(s_columns[0], row.Device);
                writer.WriteString(s_columns[1], row.MachineActionId);
                writer.WriteString(s_columns[2], row.State);
                if (row.ExitCode is { } exitCode)
                {
                    writer.WriteNumber(s_columns[3], exitCode);
                }
                else
                {
                    writer.WriteNull(s_columns[3]);
                }

                writer.WriteString(s_columns[4], row.Error);
                writer.WriteStartArray(s_columns[5]);
                foreach (string resultPath in row.ResultPaths)
                {
                    writer.WriteStringValue(resultPath);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }

    private static Option<string?> CsvOrJson(this Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { Length: > 0 } path && Path.GetExtension(path).ToLowerInvariant() is not (".csv" or ".json"))
            {
                result.AddError($"{option.Name} '{path}': the report is written as CSV or JSON by the file's extension; end the name in .csv or .json.");
            }
        });
        return option;
    }
}
