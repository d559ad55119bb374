using Mde.Bindings;
using Mde.Bindings.LiveResponse;

/// <summary>Keeps the last result link for later: the mistake MDE1001 reports (the link is a credential and expires).</summary>
internal static class ResultLinks
{
    private static DownloadLink<LiveResponseTranscript>? s_last;

    public static bool HasOne => s_last is not null;

    public static void Remember(DownloadLink<LiveResponseTranscript> link)
    {
        s_last = link; // MDE1001 expected
    }
}
