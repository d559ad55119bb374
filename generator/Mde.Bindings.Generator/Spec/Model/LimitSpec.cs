namespace Mde.Bindings.Generator.Spec.Model;

/// <summary>One rate limit, <c>N/unit</c>, with its window in ticks.</summary>
internal sealed record LimitSpec(int PermitLimit, string Unit, long WindowTicks)
{
    public override string ToString() => PermitLimit + "/" + Unit;
}
