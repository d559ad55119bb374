using System;

namespace Mde.Bindings.Generator.Spec.Json;

/// <summary>The text is not valid JSON; <see cref="Position"/> is where reading stopped.</summary>
internal sealed class JsonParseException : Exception
{
    public JsonParseException(string message, int position, int length = 1)
        : base(message)
    {
        Position = position;
        Length = length;
    }

    public int Position { get; }

    public int Length { get; }
}
