using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.CodeFixes;

/// <summary>
/// An awaited call that returns a download link — <c>await api.GetXAsync(a, b, ct)</c>, optionally with
/// <c>.ConfigureAwait(x)</c> — and what is needed to hand it to the download-at-once helper as a link factory.
/// </summary>
internal sealed class LinkFetch
{
    private const string DownloadLinkMetadataName = "Mde.Bindings.DownloadLink`1";

    private LinkFetch(InvocationExpressionSyntax call, ExpressionSyntax? configureAwait, IInvocationOperation operation, ITypeSymbol contentType)
    {
        Call = call;
        ConfigureAwaitArgument = configureAwait;
        Operation = operation;
        ContentType = contentType;
    }

    /// <summary>The call that returns <c>Task&lt;DownloadLink&lt;T&gt;&gt;</c>.</summary>
    public InvocationExpressionSyntax Call { get; }

    /// <summary>The argument of <c>.ConfigureAwait(…)</c>, when the await had one.</summary>
    public ExpressionSyntax? ConfigureAwaitArgument { get; }

    public IInvocationOperation Operation { get; }

    /// <summary>The <c>T</c> of <c>DownloadLink&lt;T&gt;</c>: what the content reads as.</summary>
    public ITypeSymbol ContentType { get; }

    public static LinkFetch? TryMatch(ExpressionSyntax? expression, SemanticModel model, CancellationToken cancellationToken)
    {
        if (Strip(expression) is not AwaitExpressionSyntax awaited)
        {
            return null;
        }

        ExpressionSyntax operand = Strip(awaited.Expression)!;
        ExpressionSyntax? configureAwait = null;
        if (operand is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access } configure
            && configure.ArgumentList.Arguments.Count == 1)
        {
            configureAwait = configure.ArgumentList.Arguments[0].Expression;
            operand = Strip(access.Expression)!;
        }

        if (operand is not InvocationExpressionSyntax call
            || model.GetOperation(call, cancellationToken) is not IInvocationOperation operation
            || operation.Type is not INamedTypeSymbol { TypeArguments.Length: 1 } task
            || task.OriginalDefinition.ToDisplayString() != "System.Threading.Tasks.Task<TResult>"
            || task.TypeArguments[0] is not INamedTypeSymbol link
            || link.OriginalDefinition.MetadataName != "DownloadLink`1"
            || !SymbolEqualityComparer.Default.Equals(link.OriginalDefinition, model.Compilation.GetTypeByMetadataName(DownloadLinkMetadataName)))
        {
            return null;
        }

        // The call moves into a lambda that may run again when the link expires: only side-effect-free arguments move.
        foreach (IArgumentOperation argument in operation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue && !IsPlainRead(argument.Value))
            {
                return null;
            }
        }

        if (operation.Instance is { } receiver && !IsPlainRead(receiver))
        {
            return null;
        }

        return new LinkFetch(call, configureAwait, operation, link.TypeArguments[0]);
    }

    /// <summary>
    /// Builds <c>await LinkDownloader.Shared.ReadAsync(c =&gt; api.GetXAsync(a, b, c), ct)</c>: the call's
    /// cancellation token becomes the lambda's parameter and is passed to the helper instead.
    /// </summary>
    public ExpressionSyntax BuildReadAsync(string downloaderName, string tokenParameter)
    {
        ExpressionSyntax? outerToken = null;
        InvocationExpressionSyntax factoryCall = Call;
        IArgumentOperation? tokenArgument = null;
        foreach (IArgumentOperation argument in Operation.Arguments)
        {
            if (argument.Parameter?.Type.ToDisplayString() == "System.Threading.CancellationToken")
            {
                tokenArgument = argument;
            }
        }

        IdentifierNameSyntax parameterName = SyntaxFactory.IdentifierName(tokenParameter);
        if (tokenArgument is { ArgumentKind: not ArgumentKind.DefaultValue, Syntax: ArgumentSyntax explicitArgument })
        {
            outerToken = explicitArgument.Expression.WithoutTrivia();
            factoryCall = Call.ReplaceNode(explicitArgument, explicitArgument.WithExpression(parameterName.WithTriviaFrom(explicitArgument.Expression)));
        }
        else if (tokenArgument is not null)
        {
            // The token was left to its default: pass it by name, whatever the other arguments are.
            ArgumentSyntax named = SyntaxFactory.Argument(parameterName).WithNameColon(SyntaxFactory.NameColon(
                SyntaxFactory.IdentifierName(tokenArgument.Parameter!.Name), SyntaxFactory.Token(SyntaxKind.ColonToken).WithTrailingTrivia(SyntaxFactory.Space)));
            SyntaxNodeOrTokenList arguments = Call.ArgumentList.Arguments.GetWithSeparators();
            if (arguments.Count > 0)
            {
                arguments = arguments.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            }

            factoryCall = Call.WithArgumentList(Call.ArgumentList.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(arguments.Add(named))));
        }

        string text = "await " + downloaderName + ".Shared.ReadAsync(" + tokenParameter + " => " + factoryCall.WithoutTrivia().ToString()
            + (outerToken is null ? string.Empty : ", " + outerToken.ToString()) + ")"
            + (ConfigureAwaitArgument is null ? string.Empty : ".ConfigureAwait(" + ConfigureAwaitArgument.WithoutTrivia().ToString() + ")");
        return SyntaxFactory.ParseExpression(text);
    }

    private static ExpressionSyntax? Strip(ExpressionSyntax? expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    private static bool IsPlainRead(IOperation? value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value switch
        {
            ILiteralOperation or IDefaultValueOperation or ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation or ITypeOfOperation or INameOfOperation => true,
            IFieldReferenceOperation field => field.Instance is null || IsPlainRead(field.Instance),
            IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Instance is null || IsPlainRead(property.Instance),
            IBinaryOperation { OperatorMethod: null } binary => IsPlainRead(binary.LeftOperand) && IsPlainRead(binary.RightOperand),
            _ => value?.ConstantValue.HasValue == true,
        };
    }
}
