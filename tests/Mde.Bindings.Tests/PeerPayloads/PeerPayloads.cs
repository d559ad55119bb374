namespace Mde.Bindings.Tests.PeerPayloads;

/// <summary>Payloads published by peer integrations (tests/TestData/peer-payloads; its README names each source).</summary>
internal static class PeerPayloads
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "peer-payloads", name));
}
