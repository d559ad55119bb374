using System.CommandLine;
using System.CommandLine.Parsing;
using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli;

/// <summary>
/// Checks the parser makes on values, so that a wrong command line is a parse error (exit 2) before any call is
/// made, and never reaches the runtime's own argument checks (whose <see cref="ArgumentException"/> means a bug).
/// </summary>
internal static class UsageRules
{
    /// <summary>The value, when given, is not empty or blank.</summary>
    public static TSymbol NotBlank<TSymbol>(this TSymbol symbol, string what)
        where TSymbol : Symbol
    {
        AddValidator(symbol, result =>
        {
            foreach (string? value in Values(result))
            {
                if (value is not null && string.IsNullOrWhiteSpace(value))
                {
                    result.AddError($"{symbol.Name} is blank: give {what}.");
                    return;
                }
            }
        });
        return symbol;
    }

    /// <summary>The value can be passed to a script as its arguments (one line of printable text).</summary>
    public static Option<string?> ScriptArgumentsOnly(this Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { Length: > 0 } args && ScriptArguments.Problem(args) is { } problem)
            {
                result.AddError($"{option.Name}: {problem}");
            }
        });
        return option;
    }

    /// <summary>The value names a file that can be written: not a folder, in a folder that exists.</summary>
    public static Option<string?> FileToWrite(this Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is not { Length: > 0 } path)
            {
                return;
            }

            if (path.Contains('\0', StringComparison.Ordinal))
            {
                result.AddError($"{option.Name} holds a NUL character: give a file path.");
                return;
            }

            string full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                result.AddError($"{option.Name} '{path}' is a folder: give the path of the file to write, such as {Path.Combine(path, "result.bin")}.");
            }
            else if (Path.GetDirectoryName(full) is not { } folder || !Directory.Exists(folder))
            {
                result.AddError($"{option.Name} '{path}': its folder does not exist; create it first or give a path in an existing folder.");
            }
        });
        return option;
    }

    private static void AddValidator(Symbol symbol, Action<SymbolResult> validate)
    {
        switch (symbol)
        {
            case Option option:
                option.Validators.Add(result => validate(result));
                break;
            case Argument argument:
                argument.Validators.Add(result => validate(result));
                break;
            default:
                throw new InvalidOperationException($"{symbol.Name} is neither an option nor an argument.");
        }
    }

    // The tokens as typed: one per value, whatever the symbol's type.
    private static IEnumerable<string?> Values(SymbolResult result) => result.Tokens.Select(token => token.Value);
}
