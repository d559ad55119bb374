namespace Mde.Bindings.ApiSurface.Tests.Infrastructure;

/// <summary>
/// The operations no published example can be served for, not even one of the same entity, each with the reason. The
/// per-operation HTTP test reports them as skipped with the reason; a fact checks that each still lacks its fixture, so
/// the list shrinks as soon as an example appears. Keep it short: a stand-in of the same entity (named in SOURCES.md)
/// is better than an entry here.
/// </summary>
internal static class NoPublishedExample
{
    public static IReadOnlyDictionary<(string Spec, string Operation), (string Missing, string Reason)> Operations { get; } =
        new Dictionary<(string, string), (string, string)>
        {
            [("machines", "AddOrRemoveTagForMultipleMachines")] = ("response.json",
                "add-or-remove-multiple-machine-tags.md says it answers the updated machines but shows neither the body nor its wrapper; the spec reads it as untyped json"),
            [("device-health", "ExportDeviceAntivirusHealthReportViaFiles")] = ("rows.jsonl",
                "no page shows a row of the files, and the JSON response's items are another model (DeviceAntivirusHealth, not DeviceAntivirusHealthFileRow)"),
            [("inventory-assessments", "ExportInformationGatheringAssessmentViaFiles")] = ("rows.jsonl",
                "get-assessment-information-gathering.md shows no row of the files and has no JSON-response operation whose rows could stand in"),
        };

    public static bool Contains(string spec, string operation) => Operations.ContainsKey((spec, operation));
}
