using System.Runtime.CompilerServices;

// The Redis package ships with this one, version for version, and shares its lease type.
[assembly: InternalsVisibleTo("Mde.Bindings.Redis")]
// Tests replace the environment reader of MdeApiOptions so that they never touch the process environment.
[assembly: InternalsVisibleTo("Mde.Bindings.Tests")]
[assembly: InternalsVisibleTo("Mde.Bindings.Emulator.Tests")]
// The command-line tool (assembly mde-lr) writes its reports through the one atomic file writer (IO/AtomicFile).
[assembly: InternalsVisibleTo("mde-lr")]
