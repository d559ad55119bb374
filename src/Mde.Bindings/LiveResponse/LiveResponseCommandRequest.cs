namespace Mde.Bindings.LiveResponse;

/// <summary>
/// One command of a live response run: put a library file on the device, run a library script, or collect a
/// file. The service runs them in order and requires PutFile commands first, then RunScript, then GetFile;
/// <see cref="LiveResponseClient"/> checks that order before sending.
/// </summary>
public sealed class LiveResponseCommandRequest
{
    private LiveResponseCommandRequest(string type, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        Type = type;
        Parameters = parameters;
    }

    /// <summary>The command type as the API spells it: <c>PutFile</c>, <c>RunScript</c> or <c>GetFile</c>.</summary>
    public string Type { get; }

    /// <summary>The command's parameters (<c>FileName</c>; <c>ScriptName</c> and <c>Args</c>; <c>Path</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>Copies a library file to the device (it has no result to download).</summary>
    public static LiveResponseCommandRequest PutFile(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        return new("PutFile", [new("FileName", fileName)]);
    }

    /// <summary>Runs a script from the live response library, with optional arguments.</summary>
    /// <exception cref="ScriptArgumentsException">The arguments hold a character the service refuses (<see cref="ScriptArguments.ForbiddenCharacters"/>).</exception>
    public static LiveResponseCommandRequest RunScript(string scriptName, string? args = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scriptName);
        if (string.IsNullOrEmpty(args))
        {
            return new("RunScript", [new("ScriptName", scriptName)]);
        }

        ScriptArguments.Validate(args, nameof(args));
        return new("RunScript", [new("ScriptName", scriptName), new("Args", args)]);
    }

    /// <summary>Collects a file from the device.</summary>
    public static LiveResponseCommandRequest GetFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new("GetFile", [new("Path", path)]);
    }

    /// <summary>A command as the service reports it back (no validation: it already ran).</summary>
    internal static LiveResponseCommandRequest FromService(string type, IEnumerable<KeyValuePair<string, string>> parameters) =>
        new(type, parameters.ToArray());

    /// <summary>The value of a parameter, or null.</summary>
    public string? this[string key] => Parameters.FirstOrDefault(p => p.Key == key).Value;

    /// <summary>Whether the command produces a result that can be downloaded (PutFile does not).</summary>
    public bool HasResult => Type != "PutFile";

    /// <inheritdoc/>
    public override string ToString() => Type + " " + string.Join(" ", Parameters.Select(p => p.Key + "=" + p.Value));

    /// <summary>The position of a type in the order the service requires.</summary>
    internal int OrderRank => Type switch
    {
        "PutFile" => 0,
        "RunScript" => 1,
        _ => 2,
    };
}
