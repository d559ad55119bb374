using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Tests.LiveResponse;

/// <summary>
/// The characters the service refuses in RunScript arguments. Source: MicrosoftDocs/defender-docs pull request 399
/// ("Update forbidden characters in live response scripts"), which quotes the service's error text
/// "Please avoid using the following characters as part of scripts' parameters: ; &amp; | ! $ ( )"; the same text is
/// reported by users of the portal's live response console. Not verified against a real tenant here.
/// </summary>
public sealed class ScriptArgumentsTests
{
    [Theory]
    [InlineData("a;b", ';', 1)]
    [InlineData("x & y", '&', 2)]
    [InlineData("Get-Process | Stop-Process", '|', 12)]
    [InlineData("!important", '!', 0)]
    [InlineData("-Name $env:COMPUTERNAME", '$', 6)]
    [InlineData("-List (1,2)", '(', 6)]
    [InlineData("-List 1,2)", ')', 9)]
    public void Each_character_the_service_refuses_is_refused_before_any_call_with_its_position(string args, char character, int position)
    {
        ScriptArgumentsException error = Assert.Throws<ScriptArgumentsException>(() => LiveResponseCommandRequest.RunScript("a.ps1", args));

        Assert.Equal(character, error.ForbiddenCharacter);
        Assert.Equal(position, error.Position);
        Assert.Equal("args", error.ParamName);
        Assert.Contains($"'{character}' at position {position}", error.Explanation, StringComparison.Ordinal);
        Assert.Contains("Please avoid using the following characters as part of scripts' parameters: ; & | ! $ ( )", error.Explanation, StringComparison.Ordinal);
        Assert.Contains("Base64", error.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_typed_error_is_an_ArgumentException_so_existing_handlers_still_catch_it() =>
        Assert.IsAssignableFrom<ArgumentException>(Assert.ThrowsAny<Exception>(() => LiveResponseCommandRequest.RunScript("a.ps1", "a;b")));

    [Fact]
    public void The_list_is_the_services_list_in_its_order() =>
        Assert.Equal("; & | ! $ ( )", string.Join(' ', ScriptArguments.ForbiddenCharacters));

    [Theory]
    [InlineData("OfficeClickToRun")]
    [InlineData("-Path 'C:\\Program Files\\x.log' -Force")]
    [InlineData("-Query \"a=b\" -Count 5 -Tag #1 @x %y ^z ~w `q")]
    [InlineData("line one\nline two")] // No source names line breaks: they are left to the service.
    public void Anything_else_is_passed_as_it_is(string args)
    {
        LiveResponseCommandRequest command = LiveResponseCommandRequest.RunScript("a.ps1", args);
        Assert.Equal(args, command["Args"]);
    }

    [Fact]
    public void The_arguments_themselves_are_not_repeated_in_the_message()
    {
        ScriptArgumentsException error = Assert.Throws<ScriptArgumentsException>(() => LiveResponseCommandRequest.RunScript("a.ps1", "-Token s3cr3t-value;x"));
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }
}
