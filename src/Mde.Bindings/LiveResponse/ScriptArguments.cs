using System.Buffers;

namespace Mde.Bindings.LiveResponse;

/// <summary>
/// The rule the service holds a RunScript command's <c>Args</c> to: none of the characters
/// <c>; &amp; | ! $ ( )</c>. The service refuses them with the text in <see cref="ServiceMessage"/> (quoted in
/// MicrosoftDocs/defender-docs pull request 399); checking here fails before any call is made.
/// </summary>
internal static class ScriptArguments
{
    // Built once: a search over a fixed set of characters is faster from a SearchValues.
    private static readonly SearchValues<char> s_shellMetacharacters = SearchValues.Create(";&|!$()");

    /// <summary>The characters the service refuses in script arguments, in the order its message lists them.</summary>
    public static IReadOnlyList<char> ForbiddenCharacters { get; } = [';', '&', '|', '!', '$', '(', ')'];

    /// <summary>The service's own text when it refuses script arguments.</summary>
    public const string ServiceMessage = "Please avoid using the following characters as part of scripts' parameters: ; & | ! $ ( )";

    /// <summary>The position of the first forbidden character in <paramref name="args"/>, or -1 when there is none.</summary>
    public static int IndexOfForbidden(string args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.AsSpan().IndexOfAny(s_shellMetacharacters);
    }

    /// <summary>What is wrong with <paramref name="args"/> and what to do instead, or null when the service takes them.</summary>
    public static string? Problem(string args)
    {
        int index = IndexOfForbidden(args);
        return index < 0 ? null : ScriptArgumentsException.Explain(args[index], index);
    }

    /// <summary>Throws <see cref="ScriptArgumentsException"/> when <paramref name="args"/> holds a forbidden character.</summary>
    public static void Validate(string args, string parameterName)
    {
        int index = IndexOfForbidden(args);
        if (index >= 0)
        {
            throw new ScriptArgumentsException(args[index], index, parameterName);
        }
    }
}
