// Test harness shared by the consumer programs (not what a user writes): a failed expectation ends the program with
// a non-zero exit code and says what was expected.
internal static class Expect
{
    public static void That(bool condition, string expectation)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Expected: " + expectation);
        }
    }
}
