namespace Mde.Bindings.LiveResponse;

/// <summary>One command of a job as the journal keeps it: the command type and its parameters.</summary>
/// <param name="Type">The command type as the API spells it (<c>PutFile</c>, <c>RunScript</c>, <c>GetFile</c>).</param>
/// <param name="Parameters">The command's parameters by name.</param>
internal sealed record LiveResponseJobCommand(string Type, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The journal form of a command.</summary>
    public static LiveResponseJobCommand From(LiveResponseCommandRequest command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new(command.Type, command.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
    }

    /// <summary>The command again, checked as a new request would be.</summary>
    /// <exception cref="LiveResponseJobFormatException">The journal holds a command this version cannot run.</exception>
    public LiveResponseCommandRequest ToRequest()
    {
        string? Get(string key) => Parameters is not null && Parameters.TryGetValue(key, out string? value) ? value : null;
        try
        {
            return Type switch
            {
                "PutFile" => LiveResponseCommandRequest.PutFile(Get("FileName")!),
                "RunScript" => LiveResponseCommandRequest.RunScript(Get("ScriptName")!, Get("Args")),
                "GetFile" => LiveResponseCommandRequest.GetFile(Get("Path")!),
                _ => throw new LiveResponseJobFormatException($"The job holds a command of type '{Type}', which this version cannot run: resume it with the version that created it."),
            };
        }
        catch (ArgumentException invalid)
        {
            throw new LiveResponseJobFormatException($"The job holds a {Type} command that is not valid ({invalid.Message}): the journal is damaged; start a new job.", invalid);
        }
    }
}
