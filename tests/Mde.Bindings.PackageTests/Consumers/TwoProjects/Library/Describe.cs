namespace Library;

/// <summary>Something of the library's own that uses the generated types.</summary>
public static class Describe
{
    public static Type ActionType => typeof(Mde.Bindings.LiveResponse.MachineAction);
}
