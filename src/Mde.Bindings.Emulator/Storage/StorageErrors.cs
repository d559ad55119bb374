using System.Text;
using System.Xml;

namespace Mde.Bindings.Emulator.Storage;

/// <summary>Storage answers errors the way blob storage does: an XML <c>Error</c> with a code and a message.</summary>
internal static class StorageErrors
{
    public static async Task WriteAsync(HttpContext context, int statusCode, string code, string message)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            writer.WriteStartElement("Error");
            writer.WriteElementString("Code", code);
            writer.WriteElementString("Message", message);
            writer.WriteEndElement();
        }

        byte[] body = Encoding.UTF8.GetBytes(text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal));
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/xml";
        context.Response.Headers["x-ms-error-code"] = code;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
