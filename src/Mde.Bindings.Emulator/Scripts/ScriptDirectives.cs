using System.Globalization;
using System.Text;
using System.Xml;

namespace Mde.Bindings.Emulator.Scripts;

/// <summary>
/// Reads <c># emulator.KEY: VALUE</c> lines from a script's content: the script itself says what running it
/// produces, so a file uploaded through the API (or by a test) decides its own outcome.
/// </summary>
/// <remarks>
/// Keys: <c>exit-code</c> (an integer), <c>output</c> and <c>errors</c> (one line each, repeatable),
/// <c>outcome</c> (<c>complete</c>, <c>fail</c> or <c>hang</c>), <c>failure</c> (the error; implies <c>fail</c>),
/// <c>duration</c> (ISO 8601 such as <c>PT30S</c>, or seconds).
/// </remarks>
internal static class ScriptDirectives
{
    private const string Prefix = "# emulator.";

    /// <summary>The behavior the content describes, or <see langword="null"/> when it has no directive.</summary>
    /// <exception cref="FormatException">A directive is unknown or its value unreadable; the message names the line.</exception>
    public static ScriptBehavior? Parse(byte[] content)
    {
        string text = Encoding.UTF8.GetString(content);
        var output = new StringBuilder();
        var errors = new StringBuilder();
        int exitCode = 0;
        ScriptOutcome outcome = ScriptOutcome.Complete;
        string? failure = null;
        TimeSpan? duration = null;
        bool any = false;
        int lineNumber = 0;
        foreach (string rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r').TrimStart();
            if (!line.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            any = true;
            int colon = line.IndexOf(':', Prefix.Length);
            if (colon < 0)
            {
                throw new FormatException($"Line {lineNumber}: an emulator directive is written '# emulator.KEY: VALUE'.");
            }

            string key = line[Prefix.Length..colon].Trim().ToLowerInvariant();
            string value = line[(colon + 1)..];
            value = value.StartsWith(' ') ? value[1..] : value;
            switch (key)
            {
                case "exit-code":
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exitCode))
                    {
                        throw new FormatException($"Line {lineNumber}: exit-code '{value}' is not an integer.");
                    }

                    break;
                case "output":
                    output.Append(value).Append('\n');
                    break;
                case "errors":
                    errors.Append(value).Append('\n');
                    break;
                case "outcome":
                    outcome = value.Trim().ToLowerInvariant() switch
                    {
                        "complete" => ScriptOutcome.Complete,
                        "fail" => ScriptOutcome.Fail,
                        "hang" => ScriptOutcome.Hang,
                        _ => throw new FormatException($"Line {lineNumber}: outcome '{value}' is not complete, fail or hang."),
                    };
                    break;
                case "failure":
                    failure = value;
                    outcome = ScriptOutcome.Fail;
                    break;
                case "duration":
                    duration = ParseDuration(value.Trim(), lineNumber);
                    break;
                default:
                    throw new FormatException($"Line {lineNumber}: unknown emulator directive '{key}'; use exit-code, output, errors, outcome, failure or duration.");
            }
        }

        return any
            ? new ScriptBehavior { ExitCode = exitCode, Output = output.ToString(), Errors = errors.ToString(), Outcome = outcome, FailureMessage = failure, Duration = duration }
            : null;
    }

    private static TimeSpan ParseDuration(string value, int lineNumber)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        try
        {
            TimeSpan parsed = XmlConvert.ToTimeSpan(value);
            if (parsed >= TimeSpan.Zero)
            {
                return parsed;
            }
        }
        catch (FormatException)
        {
        }

        throw new FormatException($"Line {lineNumber}: duration '{value}' is neither seconds nor an ISO 8601 duration such as PT30S.");
    }
}
