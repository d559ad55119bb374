using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Mde.Bindings.Generator.Spec;

/// <summary>How spec names become C# names, and what counts as a valid C# name.</summary>
internal static class Naming
{
    /// <summary>PascalCase of a wire name, split at every character that is not a letter or digit (<c>script_name</c> → <c>ScriptName</c>).</summary>
    public static string ToPascalCase(string wireName)
    {
        var builder = new StringBuilder(wireName.Length);
        bool upperNext = true;
        foreach (char c in wireName)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upperNext = true;
                continue;
            }

            builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }

        return builder.ToString();
    }

    /// <summary>camelCase of a wire name (<c>$top</c> → <c>top</c>), for parameter names.</summary>
    public static string ToCamelCase(string wireName)
    {
        string pascal = ToPascalCase(wireName);
        return pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
    }

    /// <summary>Why <paramref name="name"/> is not a usable C# identifier, or null when it is.</summary>
    public static string? WhyNotIdentifier(string name)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }

        if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
        {
            return "it is a C# keyword; choose another name";
        }

        if (!SyntaxFacts.IsValidIdentifier(name) || name.StartsWith("@", System.StringComparison.Ordinal))
        {
            return "use letters, digits and '_', not starting with a digit";
        }

        return null;
    }

    /// <summary>Why <paramref name="name"/> is not a usable namespace, or null when it is.</summary>
    public static string? WhyNotNamespace(string name)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }

        foreach (string part in name.Split('.'))
        {
            if (WhyNotIdentifier(part) is { } why)
            {
                return $"its part '{part}' is not an identifier ({why}); write dotted identifiers such as Contoso.Defender";
            }
        }

        return null;
    }
}
