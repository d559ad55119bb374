namespace Mde.Bindings.Redis;

/// <summary>What an acquisition attempt decided: granted, or the exact wait until the permits are free; and the fewest permits any window has left.</summary>
internal readonly record struct RedisAnswer(bool Granted, TimeSpan Wait, int Left);
