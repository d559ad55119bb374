namespace Mde.Bindings.Cli;

/// <summary>The command line or the tool's settings are wrong; the message says what to write instead (exit code 2).</summary>
internal sealed class CliUsageException(string message) : Exception(message);
