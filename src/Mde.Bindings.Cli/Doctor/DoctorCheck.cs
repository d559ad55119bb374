namespace Mde.Bindings.Cli.Doctor;

/// <summary>One line of <c>mde-lr doctor</c>: what was checked, whether it is ok, what was found and, for a problem, the fix.</summary>
internal sealed record DoctorCheck(string Name, bool Ok, string Detail, string? Fix)
{
    public string Status => Ok ? "ok" : "problem";

    public static DoctorCheck Pass(string name, string detail) => new(name, true, detail, null);

    public static DoctorCheck Problem(string name, string detail, string fix) => new(name, false, detail, fix);

    /// <summary>A check that could not run because an earlier one failed: a problem until that one is fixed.</summary>
    public static DoctorCheck NotChecked(string name, string earlier) =>
        new(name, false, $"not checked: the {earlier} check failed.", $"Fix the {earlier} check first.");
}
