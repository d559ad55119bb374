namespace BrokenSpec;

/// <summary>Code of the library that does not depend on the broken spec: it compiles either way.</summary>
public static class Library
{
    public static string Name => nameof(BrokenSpec);
}
