using System.Net.Http.Headers;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// The fields of multipart bodies (<c>"body": { "multipart": "FormModel" }</c>): generated clients add each property
/// of the form model with these, so that values are written as text the way
/// paths and queries write them (<see cref="InvariantText"/>). A null value leaves its field out.
/// </summary>
public abstract partial class GeneratedApiClientBase
{
    private static readonly MediaTypeHeaderValue s_octetStream = new("application/octet-stream");

    /// <summary>Adds a text field when its value is not null.</summary>
    protected static void AddFormField(MultipartFormDataContent form, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (value is not null)
        {
            form.Add(new StringContent(value), name);
        }
    }

    /// <summary>Adds a number field when its value is not null.</summary>
    protected static void AddFormField(MultipartFormDataContent form, string name, int? value) =>
        AddFormField(form, name, value is { } v ? InvariantText.Format(v) : null);

    /// <summary>Adds a number field when its value is not null.</summary>
    protected static void AddFormField(MultipartFormDataContent form, string name, long? value) =>
        AddFormField(form, name, value is { } v ? InvariantText.Format(v) : null);

    /// <summary>Adds a number field when its value is not null.</summary>
    protected static void AddFormField(MultipartFormDataContent form, string name, double? value) =>
        AddFormField(form, name, value is { } v ? InvariantText.Format(v) : null);

    /// <summary>Adds <c>true</c> or <c>false</c> when the value is not null.</summary>
    protected static void AddFormField(MultipartFormDataContent form, string name, bool? value) =>
        AddFormField(form, name, value is { } v ? InvariantText.Format(v) : null);

    /// <summary>Adds a GUID field when its value is not null.</summary>
    protected static void AddFormField(MultipartFormDataContent form, string name, Guid? value) =>
        AddFormField(form, name, value is { } v ? InvariantText.Format(v) : null);

    /// <summary>Adds a date field (ISO 8601) when its value is not null.</summary>
    protected static void AddFormField(MultipartFormDataContent form, string name, DateTimeOffset? value) =>
        AddFormField(form, name, value is { } v ? InvariantText.Format(v) : null);

    /// <summary>Adds a file part (its stream, from the current position, and its file name) when the file is not null.</summary>
    protected static void AddFormFile(MultipartFormDataContent form, string name, FormFile? file)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (file is null)
        {
            return;
        }

        var part = new StreamContent(file.Content);
        part.Headers.ContentType = s_octetStream;
        form.Add(part, name, file.FileName);
    }
}
