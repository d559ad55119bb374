namespace Mde.Bindings.LiveResponse;

/// <summary>
/// Script arguments hold a character the service refuses (<see cref="ScriptArguments.ForbiddenCharacters"/>). Thrown
/// before any call is made. The arguments themselves are not repeated: they may carry values that do not belong in logs.
/// </summary>
internal sealed class ScriptArgumentsException : ArgumentException
{
    /// <summary>Creates the exception for the first forbidden character found.</summary>
    public ScriptArgumentsException(char forbiddenCharacter, int position, string? parameterName = null)
        : base(Explain(forbiddenCharacter, position), parameterName)
    {
        ForbiddenCharacter = forbiddenCharacter;
        Position = position;
        Explanation = Explain(forbiddenCharacter, position);
    }

    /// <summary>What is wrong and what to do, without the parameter name <see cref="ArgumentException.Message"/> appends.</summary>
    public string Explanation { get; }

    /// <summary>The first forbidden character.</summary>
    public char ForbiddenCharacter { get; }

    /// <summary>Its zero-based position in the arguments.</summary>
    public int Position { get; }

    internal static string Explain(char forbiddenCharacter, int position) =>
        $"Script arguments refused: they hold '{forbiddenCharacter}' at position {position}, and the service answers \"{ScriptArguments.ServiceMessage}\". "
        + "Pass such values another way: encode them (for example Base64) and decode them in the script, or put them in a library file the script reads.";
}
