using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Mde.Bindings.ApiSurface.Tests.Infrastructure;

/// <summary>
/// A sample argument for each parameter type of a generated operation, and the text it must take on the wire. The
/// string sample holds a space, a slash and a non-ASCII letter, so that a path or query value escaped wrongly (or not
/// at all) shows.
/// </summary>
internal static class ArgumentSamples
{
    public const string Text = "sample 7/ä";

    private static readonly DateTimeOffset s_time = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private static readonly Guid s_guid = new("3f8a6c1e-2b4d-4e5f-8a9b-0c1d2e3f4a5b");

    /// <summary>The sample value for a parameter of <paramref name="type"/> (nullable types get a value too).</summary>
    public static object Value(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) ? Text
            : t == typeof(int) ? 7
            : t == typeof(long) ? 7_000_000_000L
            : t == typeof(double) ? 1.5
            : t == typeof(bool) ? true
            : t == typeof(Guid) ? s_guid
            : t == typeof(DateTimeOffset) ? s_time
            : t.IsEnum ? Enum.GetValues(t).GetValue(0)!
            : throw new NotSupportedException($"No sample argument for a parameter of type {type}: add one to {nameof(ArgumentSamples)}.");
    }

    /// <summary>
    /// A body of generated model type <paramref name="type"/> whose required members are set (a string to
    /// <see cref="Text"/>, a list to an empty one, a model to a body in turn) and whose others are left empty: the
    /// generated converter refuses to write a required member left null.
    /// </summary>
    public static object Body(Type type)
    {
        object body = Activator.CreateInstance(type)!;
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<RequiredMemberAttribute>() is null || property.PropertyType.IsValueType)
            {
                continue;
            }

            Type member = property.PropertyType;
            object value = member == typeof(string) ? Text
                : member.IsGenericType && member.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? Array.CreateInstance(member.GetGenericArguments()[0], 0)
                : Body(member);
            property.SetValue(body, value);
        }

        return body;
    }

    /// <summary>The value as it goes in a path or a query string: invariant text, escaped once.</summary>
    public static string WireText(object value) => Uri.EscapeDataString(value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        Guid g => g.ToString("D"),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    });
}
