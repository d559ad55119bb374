namespace Mde.Bindings.LiveResponse;

/// <summary>
/// The rule for a RunScript command's <c>Args</c>: one line of printable text. The service passes the value to the
/// script as its command line; line breaks and other control characters cannot travel on one, so they are refused
/// here, with the position of the first one, before any call is made.
/// </summary>
public static class ScriptArguments
{
    /// <summary>The longest argument string accepted (the service's command line has a finite length).</summary>
    public const int MaxLength = 4096;

    /// <summary>Why <paramref name="args"/> cannot be sent, or null when it can.</summary>
    public static string? Problem(string args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > MaxLength)
        {
            return $"the arguments are {args.Length} characters long; at most {MaxLength} can be passed to a script";
        }

        for (int i = 0; i < args.Length; i++)
        {
            char c = args[i];
            if (char.IsControl(c))
            {
                return $"the arguments hold the control character U+{(int)c:X4} at position {i}; pass one line of printable text (put multi-line input in a library file instead)";
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="args"/> cannot be sent.</summary>
    public static void Validate(string args, string parameterName)
    {
        if (Problem(args) is { } problem)
        {
            throw new ArgumentException("Script arguments refused: " + problem + ".", parameterName);
        }
    }
}
