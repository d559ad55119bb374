namespace Mde.Bindings.Cli.Doctor;

/// <summary>Prints the doctor's checks: one line each, or the JSON array scripts read.</summary>
internal static class DoctorReport
{
    public static void WriteLines(TextWriter output, TextWriter error, IReadOnlyList<DoctorCheck> checks)
    {
        int width = checks.Max(c => c.Name.Length);
        foreach (DoctorCheck check in checks)
        {
            string line = $"{check.Status,-7} {check.Name.PadRight(width)}  {check.Detail}";
            output.WriteLine(check.Fix is null ? line : $"{line} Fix: {check.Fix}");
        }

        output.Flush();
        int problems = checks.Count(c => !c.Ok);
        error.WriteLine(problems == 0 ? $"mde-lr: all {checks.Count} checks are ok." : $"mde-lr: {problems} of {checks.Count} checks found a problem.");
    }

    public static void WriteJson(TextWriter output, IReadOnlyList<DoctorCheck> checks) =>
        JsonOutput.Write(output, writer =>
        {
            writer.WriteStartArray();
            foreach (DoctorCheck check in checks)
            {
                writer.WriteStartObject();
                writer.WriteString("name", check.Name);
                writer.WriteString("status", check.Status);
                writer.WriteString("detail", check.Detail);
                if (check.Fix is null)
                {
                    writer.WriteNull("fix");
                }
                else
                {
                    writer.WriteString("fix", check.Fix);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
}
