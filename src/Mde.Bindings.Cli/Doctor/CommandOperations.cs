using Mde.Bindings.LiveResponse;
using Mde.Bindings.Protocol;

namespace Mde.Bindings.Cli.Doctor;

/// <summary>
/// The API operations each <c>mde-lr</c> command calls, as the spec describes them: the doctor takes the permissions
/// from these descriptions, so a change in the spec changes what it asks for.
/// </summary>
internal static class CommandOperations
{
    /// <summary>Each command and its operations, in the order the doctor checks them.</summary>
    public static IReadOnlyList<(string Command, IReadOnlyList<EndpointDescription> Operations)> All { get; } =
    [
        // Start, follow, download each result; cancel on Ctrl-C.
        ("run", [LiveResponseApiDescription.RunLiveResponse, LiveResponseApiDescription.GetMachineAction, LiveResponseApiDescription.GetLiveResponseResultDownloadLink, LiveResponseApiDescription.CancelMachineAction]),
        ("getfile", [LiveResponseApiDescription.RunLiveResponse, LiveResponseApiDescription.GetMachineAction, LiveResponseApiDescription.GetLiveResponseResultDownloadLink, LiveResponseApiDescription.CancelMachineAction]),

        // putfile looks the file up in the library before it starts; it has no result to download.
        ("putfile", [LiveResponseApiDescription.ListLibraryFiles, LiveResponseApiDescription.RunLiveResponse, LiveResponseApiDescription.GetMachineAction, LiveResponseApiDescription.CancelMachineAction]),
        ("actions", [LiveResponseApiDescription.ListMachineActions]),
        ("library", [LiveResponseApiDescription.ListLibraryFiles, LiveResponseClient.UploadLibraryFile, LiveResponseApiDescription.DeleteLibraryFile]),
    ];
}
