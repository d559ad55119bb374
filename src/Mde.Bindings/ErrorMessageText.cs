using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Mde.Bindings;

/// <summary>
/// Makes an error message from the service fit for one line of text. Messages sometimes arrive as an HTML page inside
/// the JSON <c>message</c> (the Splunk SOAR Defender for Endpoint connector strips such markup before showing it):
/// the page's title, head, scripts and styles are dropped, tags removed, entities decoded and white space collapsed.
/// Plain messages keep their text; only HTML entities in them are decoded.
/// </summary>
internal static partial class ErrorMessageText
{
    /// <summary>The readable text of <paramref name="message"/>; null or white space gives null.</summary>
    public static string? Clean(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return null;
        }

        string text = message;
        if (LooksLikeMarkup().IsMatch(text))
        {
            text = DroppedElements().Replace(text, " ");
            text = Comments().Replace(text, " ");
            text = Tags().Replace(text, " ");
        }

        text = WebUtility.HtmlDecode(text);
        text = Collapse(text);
        return text.Length == 0 ? null : text;
    }

    private static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    // A tag, a closing tag, a doctype or a comment: text that holds only '<' or '>' in prose is left alone.
    [GeneratedRegex(@"<(?:[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?|/[a-zA-Z][\w:-]*\s*|!doctype\b[^<>]*)>|<!--", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LooksLikeMarkup();

    [GeneratedRegex(@"<(head|title|script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex DroppedElements();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Comments();

    [GeneratedRegex(@"<[^<>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();
}
