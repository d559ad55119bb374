using System.Runtime.CompilerServices;

// The Redis package ships with this one, version for version, and shares its lease type.
[assembly: InternalsVisibleTo("Mde.Bindings.Redis")]
[assembly: InternalsVisibleTo("Mde.Bindings.Tests")]
