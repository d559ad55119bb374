using System.Runtime.CompilerServices;

// The Redis package ships with this one, version for version, and shares its lease type and its window core
// (Throttling: LimiterSettings, EnforcedWindows, GrantLog, PermitQueue); its tests read the windows it enforces.
[assembly: InternalsVisibleTo("Mde.Bindings.Redis")]
[assembly: InternalsVisibleTo("Mde.Bindings.Redis.Tests")]
// Tests replace the environment reader of MdeApiOptions so that they never touch the process environment.
[assembly: InternalsVisibleTo("Mde.Bindings.Tests")]
[assembly: InternalsVisibleTo("Mde.Bindings.Emulator.Tests")]
[assembly: InternalsVisibleTo("Mde.Bindings.Cli.Tests")]
[assembly: InternalsVisibleTo("Mde.Bindings.Analyzers.Tests")]
[assembly: InternalsVisibleTo("Mde.Bindings.Benchmarks")]
// The emulator is built from this repository beside the runtime: it applies the same library-name and script-argument
// rules instead of keeping copies of them.
[assembly: InternalsVisibleTo("Mde.Bindings.Emulator")]
// mde-lr ships this assembly in its own tool package (same version): `doctor` reads the spec's operation descriptions
// and the permission rule the runtime's preflight uses, and reports go through the one atomic file writer (IO/AtomicFile),
// instead of keeping copies.
[assembly: InternalsVisibleTo("mde-lr")]
// The emulator ships in mde-lr's tool package with this assembly (same version): it reads the library upload's form
// field names from the spec's form model the client sends (Protocol.LibraryUploadForm.JsonNames).
[assembly: InternalsVisibleTo("Mde.Bindings.Emulator")]
