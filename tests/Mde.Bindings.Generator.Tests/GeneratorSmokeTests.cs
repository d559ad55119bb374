namespace Mde.Bindings.Generator.Tests;

public sealed class GeneratorSmokeTests
{
    [Fact]
    public void Generator_can_be_created()
    {
        Assert.NotNull(new ApiSpecGenerator());
    }
}
