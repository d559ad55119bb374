using System.Collections.Frozen;
using System.Globalization;
using Aliases = Mde.Bindings.Protocol.LiveResponseTranscript.JsonAliases;
using Names = Mde.Bindings.Protocol.LiveResponseTranscript.JsonNames;

namespace Mde.Bindings.Transcripts;

/// <summary>
/// Reads the RunScript result object: <c>script_name</c> (formerly <c>name</c>), <c>exit_code</c>,
/// <c>script_output</c> and <c>script_errors</c> (formerly <c>script_error</c>), in any order, other members
/// skipped. <c>exit_code</c> and <c>script_output</c> are required; a member given twice (in either spelling) is
/// an error, because the output may already have been streamed. The spellings are the spec's (model
/// <c>LiveResponseTranscript</c>: its JSON names and aliases), matched ignoring case.
/// </summary>
internal static class TranscriptParser
{
    private enum Member
    {
        Other,
        ScriptName,
        ExitCode,
        Output,
        Errors,
    }

    private static readonly FrozenDictionary<string, Member> s_members = MembersBySpelling();

    /// <summary>Reads a transcript, passing <c>script_output</c> to <paramref name="output"/> as it arrives.</summary>
    public static async Task<ParsedTranscript> ParseAsync(Stream transcript, TextSink output, TranscriptReaderOptions options, CancellationToken cancellationToken)
    {
        using var tokenizer = new TranscriptTokenizer(transcript, options.BufferSize);
        var name = new StringSink(options.MaxInMemoryLength, Names.ScriptName);
        var errors = new StringSink(options.MaxInMemoryLength, Names.ScriptErrors);
        string? nameKey = null, exitKey = null, outputKey = null, errorsKey = null;
        int exitCode = 0;

        await tokenizer.SkipByteOrderMarkAsync(cancellationToken).ConfigureAwait(false);
        if (!await tokenizer.SkipWhitespaceAsync(cancellationToken).ConfigureAwait(false))
        {
            throw tokenizer.Error($"the file is empty; a JSON object with '{Names.ExitCode}' and '{Names.ScriptOutput}' was expected");
        }

        if (tokenizer.Current != (byte)'{')
        {
            throw tokenizer.Error($"a transcript is a JSON object, but the file starts with {tokenizer.DescribeValueKind()}");
        }

        tokenizer.Advance(1);
        if (!await tokenizer.SkipWhitespaceAsync(cancellationToken).ConfigureAwait(false))
        {
            throw tokenizer.Truncated("inside the transcript object");
        }

        if (tokenizer.Current == (byte)'}')
        {
            tokenizer.Advance(1);
        }
        else
        {
            while (true)
            {
                if (tokenizer.Current != (byte)'"')
                {
                    throw tokenizer.Error($"expected a member name in double quotes, found {tokenizer.DescribeCurrent()}");
                }

                TextPosition keyPosition = tokenizer.Position;
                string key = await tokenizer.ReadKeyAsync(cancellationToken).ConfigureAwait(false);
                string value = $"the value of '{key}'";
                await tokenizer.ExpectAsync((byte)':', $"':' after the member name '{key}'", $"after the member name '{key}'", cancellationToken).ConfigureAwait(false);
                if (!await tokenizer.SkipWhitespaceAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw tokenizer.Truncated($"before {value}");
                }

                switch (Classify(key))
                {
                    case Member.ScriptName:
                        Claim(ref nameKey, key, keyPosition, "script name");
                        name.Member = key;
                        await ReadStringMemberAsync(tokenizer, name, key, cancellationToken).ConfigureAwait(false);
                        break;
                    case Member.ExitCode:
                        Claim(ref exitKey, key, keyPosition, "exit code");
                        exitCode = await ReadExitCodeAsync(tokenizer, key, cancellationToken).ConfigureAwait(false);
                        break;
                    case Member.Output:
                        Claim(ref outputKey, key, keyPosition, "output");
                        if (output is StringSink inMemory)
                        {
                            inMemory.Member = key;
                        }

                        await ReadStringMemberAsync(tokenizer, output, key, cancellationToken).ConfigureAwait(false);
                        break;
                    case Member.Errors:
                        Claim(ref errorsKey, key, keyPosition, "errors member");
                        errors.Member = key;
                        await ReadStringMemberAsync(tokenizer, errors, key, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        await tokenizer.SkipValueAsync(value, depth: 0, cancellationToken).ConfigureAwait(false);
                        break;
                }

                if (!await tokenizer.SkipWhitespaceAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw tokenizer.Truncated($"after {value}");
                }

                if (tokenizer.Current == (byte)'}')
                {
                    tokenizer.Advance(1);
                    break;
                }

                if (tokenizer.Current != (byte)',')
                {
                    throw tokenizer.Error($"expected ',' or '}}' after {value}, found {tokenizer.DescribeCurrent()}");
                }

                tokenizer.Advance(1);
                if (!await tokenizer.SkipWhitespaceAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw tokenizer.Truncated("inside the transcript object");
                }
            }
        }

        TextPosition end = tokenizer.Position;
        if (await tokenizer.SkipTrailingPaddingAsync(cancellationToken).ConfigureAwait(false))
        {
            throw tokenizer.Error($"unexpected {tokenizer.DescribeCurrent()} after the end of the transcript object (only whitespace or NUL padding may follow it)");
        }

        if (exitKey is null)
        {
            throw TranscriptTokenizer.Error($"the transcript object has no '{Names.ExitCode}' member", end);
        }

        if (outputKey is null)
        {
            throw TranscriptTokenizer.Error($"the transcript object has no '{Names.ScriptOutput}' member", end);
        }

        return new ParsedTranscript(name.ToString(), exitCode, errors.ToString());
    }

    private static Member Classify(string key) => s_members.GetValueOrDefault(key, Member.Other);

    private static FrozenDictionary<string, Member> MembersBySpelling()
    {
        IEnumerable<(string Spelling, Member Member)> spellings =
        [
            (Names.ScriptName, Member.ScriptName), .. Aliases.ScriptName.Select(a => (a, Member.ScriptName)),
            (Names.ExitCode, Member.ExitCode),
            (Names.ScriptOutput, Member.Output),
            (Names.ScriptErrors, Member.Errors), .. Aliases.ScriptErrors.Select(a => (a, Member.Errors)),
        ];
        return spellings.ToFrozenDictionary(s => s.Spelling, s => s.Member, StringComparer.OrdinalIgnoreCase);
    }

    private static void Claim(ref string? seen, string key, TextPosition position, string what)
    {
        if (seen is not null)
        {
            throw TranscriptTokenizer.Error($"'{key}' repeats '{seen}' (a transcript has one {what})", position);
        }

        seen = key;
    }

    private static async ValueTask ReadStringMemberAsync(TranscriptTokenizer tokenizer, TextSink sink, string key, CancellationToken cancellationToken)
    {
        string value = $"the value of '{key}'";
        switch (tokenizer.Current)
        {
            case (byte)'"':
                await tokenizer.ReadStringAsync(sink, value, cancellationToken).ConfigureAwait(false);
                return;
            case (byte)'n':
                // null stands for "nothing was written", which is what an empty string says too.
                await tokenizer.ReadLiteralAsync(value, cancellationToken).ConfigureAwait(false);
                await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
                return;
            default:
                throw tokenizer.Error($"'{key}' must be a string, found {tokenizer.DescribeValueKind()}");
        }
    }

    private static async ValueTask<int> ReadExitCodeAsync(TranscriptTokenizer tokenizer, string key, CancellationToken cancellationToken)
    {
        TextPosition position = tokenizer.Position;
        if (tokenizer.Current is not ((byte)'-' or (>= (byte)'0' and <= (byte)'9')))
        {
            throw tokenizer.Error($"'{key}' must be an integer, found {tokenizer.DescribeValueKind()}");
        }

        string number = await tokenizer.ReadNumberAsync($"the value of '{key}'", cancellationToken).ConfigureAwait(false);
        if (number.AsSpan().IndexOfAny(".eE") >= 0)
        {
            throw TranscriptTokenizer.Error($"'{key}' must be an integer, found {number}", position);
        }

        // Windows exit codes are unsigned 32-bit values (0xC0000005 and the like); they are kept as their int bit pattern.
        if (!long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long code) || code < int.MinValue || code > uint.MaxValue)
        {
            throw TranscriptTokenizer.Error($"'{key}' is {number}, which does not fit a 32-bit exit code", position);
        }

        return unchecked((int)code);
    }
}
