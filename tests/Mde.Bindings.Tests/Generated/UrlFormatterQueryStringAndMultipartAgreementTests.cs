using System.Globalization;
using Mde.Bindings.GeneratedCode;

namespace Mde.Bindings.Tests.Generated;

/// <summary>
/// A value sent as a path segment (<see cref="UrlFormatter"/>), a query value (<see cref="QueryString"/>) and a form field
/// (<c>GeneratedApiClientBase.AddFormField</c>) is the same text, the one <see cref="InvariantText"/> gives; only the
/// escaping differs by place. Checked under a culture whose decimal separator and minus sign are not the invariant ones.
/// </summary>
public sealed class UrlFormatterQueryStringAndMultipartAgreementTests
{
    private static readonly DateTimeOffset s_date = new DateTimeOffset(2026, 12, 6, 4, 55, 0, TimeSpan.FromHours(5.5)).AddTicks(1_234_567);
    private static readonly Guid s_guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    [Fact]
    public async Task Path_query_and_form_write_each_kind_of_value_as_the_same_invariant_text()
    {
        await InOddCultureAsync(async () =>
        {
            await AgreeAsync(-42, InvariantText.Format(-42), UrlFormatter.Path(-42), q => q.Add("v", -42), f => Form.Add(f, -42), "-42");
            await AgreeAsync(long.MinValue, InvariantText.Format(long.MinValue), UrlFormatter.Path(long.MinValue), q => q.Add("v", long.MinValue), f => Form.Add(f, long.MinValue), "-9223372036854775808");
            foreach ((double value, string expected) in new[] { (-0.1, "-0.1"), (1e20, "1E+20"), (double.Epsilon, "5E-324"), (double.NaN, "NaN"), (double.NegativeInfinity, "-Infinity") })
            {
                await AgreeAsync(value, InvariantText.Format(value), UrlFormatter.Path(value), q => q.Add("v", value), f => Form.Add(f, value), expected);
            }

            await AgreeAsync(true, InvariantText.Format(true), UrlFormatter.Path(true), q => q.Add("v", true), f => Form.Add(f, true), "true");
            await AgreeAsync(false, InvariantText.Format(false), UrlFormatter.Path(false), q => q.Add("v", false), f => Form.Add(f, false), "false");
            await AgreeAsync(s_guid, InvariantText.Format(s_guid), UrlFormatter.Path(s_guid), q => q.Add("v", s_guid), f => Form.Add(f, s_guid), "0f8fad5b-d9cb-469f-a165-70867728950e");
            await AgreeAsync(s_date, InvariantText.Format(s_date), UrlFormatter.Path(s_date), q => q.Add("v", s_date), f => Form.Add(f, s_date), "2026-12-06T04:55:00.1234567+05:30");
        });
    }

    [Fact]
    public async Task A_null_value_leaves_out_both_the_query_parameter_and_the_form_field()
    {
        var query = new QueryString();
        query.Add("a", (int?)null);
        query.Add("b", (double?)null);
        query.Add("c", (bool?)null);
        query.Add("d", (DateTimeOffset?)null);
        using var form = new MultipartFormDataContent();
        Form.Add(form, (int?)null);
        Form.Add(form, (double?)null);
        Form.Add(form, (bool?)null);
        Form.Add(form, (DateTimeOffset?)null);

        Assert.Equal(string.Empty, query.ToString());
        Assert.Empty(await FieldsAsync(form));
    }

    private static async Task AgreeAsync<T>(T value, string text, string path, Action<QueryString> addQuery, Action<MultipartFormDataContent> addField, string expected)
    {
        var query = new QueryString();
        addQuery(query);
        using var form = new MultipartFormDataContent();
        addField(form);

        Assert.True(expected == text, $"{value}: expected '{expected}', InvariantText wrote '{text}'.");
        Assert.Equal(text, Uri.UnescapeDataString(path));
        Assert.Equal("?v=" + Uri.EscapeDataString(text), query.ToString());
        Assert.Equal([text], await FieldsAsync(form));
    }

    private static async Task<List<string>> FieldsAsync(MultipartFormDataContent form)
    {
        var fields = new List<string>();
        foreach (HttpContent part in form)
        {
            fields.Add(await part.ReadAsStringAsync());
        }

        return fields;
    }

    private static async Task InOddCultureAsync(Func<Task> body)
    {
        var odd = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        odd.NumberFormat.NumberDecimalSeparator = ",";
        odd.NumberFormat.NegativeSign = "\u2212";
        odd.NumberFormat.PositiveSign = "plus";
        odd.NumberFormat.NaNSymbol = "n/a";
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = odd;
        try
        {
            Assert.NotEqual("-0.1", (-0.1).ToString(CultureInfo.CurrentCulture));
            await body();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    /// <summary>Reaches the form-field writers generated clients use (they are protected on the base class).</summary>
    private sealed class Form : GeneratedApiClientBase
    {
        private Form()
            : base(new HttpClient(), null, null)
        {
        }

        public static void Add(MultipartFormDataContent form, int? value) => AddFormField(form, "v", value);

        public static void Add(MultipartFormDataContent form, long? value) => AddFormField(form, "v", value);

        public static void Add(MultipartFormDataContent form, double? value) => AddFormField(form, "v", value);

        public static void Add(MultipartFormDataContent form, bool? value) => AddFormField(form, "v", value);

        public static void Add(MultipartFormDataContent form, Guid? value) => AddFormField(form, "v", value);

        public static void Add(MultipartFormDataContent form, DateTimeOffset? value) => AddFormField(form, "v", value);
    }
}
