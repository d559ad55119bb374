using Refit;

namespace Mde.Bindings.DependencyInjection;

/// <summary>Options of one registered API (named after the API: <c>Mde.Bindings.{Name}</c>).</summary>
public sealed class MdeApiOptions
{
    /// <summary>The commercial cloud's API root, the default base address.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.security.microsoft.com");

    /// <summary>The API root the operations' paths are appended to.</summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>Refit settings the client honours (exception factory, authorization header getter); null for Refit's defaults.</summary>
    public RefitSettings? RefitSettings { get; set; }

    /// <summary>Whether calls wait for the operations' rate limits before they are sent (on by default).</summary>
    public bool EnableThrottling { get; set; } = true;
}
