using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Mde.Bindings.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Mde.Bindings.CodeFixes;

/// <summary>
/// Fixes MDE1001 where a link is obtained by an awaited call and then kept: the call is handed to
/// <c>LinkDownloader.Shared.ReadAsync</c>, which downloads the content at once, and the content is kept instead of
/// the link when the target can hold it (otherwise the store of the link is dropped). The fix is offered only when
/// the rewritten document has no more compile errors than before.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DownloadAtOnceCodeFixProvider)), Shared]
public sealed class DownloadAtOnceCodeFixProvider : CodeFixProvider
{
    private const string LinkDownloaderMetadataName = "Mde.Bindings.Downloads.LinkDownloader";
    private const string LinkDownloaderNamespace = "Mde.Bindings.Downloads";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.LinkStoredId);

    /// <inheritdoc/>
    // Each fix is checked to compile on its own; fixing several at once could interact, so there is no fix-all.
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Document document = context.Document;
        SyntaxNode? root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || model.Compilation.GetTypeByMetadataName(LinkDownloaderMetadataName) is null)
        {
            return;
        }

        int? errorsBefore = null; // counted once, on the first candidate fix
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not AssignmentExpressionSyntax assignment
                || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                || assignment.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax block } statement)
            {
                continue;
            }

            SyntaxNode? newRoot = Rewrite(root, model, block, statement, assignment, context.CancellationToken);
            if (newRoot is null)
            {
                continue;
            }

            Document fixedDocument = document.WithSyntaxRoot(newRoot);
            errorsBefore ??= CountErrors(model, context.CancellationToken);
            if (!await CompilesAsWellAsync(errorsBefore.Value, fixedDocument, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Download the content at once with LinkDownloader.ReadAsync",
                    _ => Task.FromResult(fixedDocument),
                    equivalenceKey: nameof(DownloadAtOnceCodeFixProvider)),
                diagnostic);
        }
    }

    private static SyntaxNode? Rewrite(SyntaxNode root, SemanticModel model, BlockSyntax block, ExpressionStatementSyntax statement, AssignmentExpressionSyntax assignment, CancellationToken cancellationToken)
    {
        ITypeSymbol? targetType = model.GetTypeInfo(assignment.Left, cancellationToken).Type;
        SyntaxNode member = (SyntaxNode?)statement.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? block;
        var usedNames = new HashSet<string>(member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        string contentName = Unique("content", usedNames);
        string tokenName = Unique("c", usedNames);
        string downloader = "LinkDownloader";

        // _cache = await api.GetXAsync(a, b, ct);
        if (LinkFetch.TryMatch(assignment.Right, model, cancellationToken) is { } direct)
        {
            ExpressionSyntax read = direct.BuildReadAsync(downloader, tokenName);
            StatementSyntax replacement = CanHold(model, direct.ContentType, targetType)
                ? statement.WithExpression(assignment.WithRight(read.WithTriviaFrom(assignment.Right)))
                : Declare(contentName, read).WithTriviaFrom(statement);
            return AddUsing(root.ReplaceNode(statement, replacement), model, statement.SpanStart, cancellationToken);
        }

        // var link = await api.GetXAsync(a, b, ct); … _cache = link;  (the link used nowhere else)
        if (StoredLocal(assignment.Right, model, cancellationToken) is not { } local
            || local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
            || declaration.Parent is not LocalDeclarationStatementSyntax declarationStatement
            || declarationStatement.Parent != block
            || declarationStatement.SpanStart > statement.SpanStart
            || LinkFetch.TryMatch(declarator.Initializer?.Value, model, cancellationToken) is not { } fetch
            || !IsUsedOnlyIn(local, block, assignment.Right, model, cancellationToken))
        {
            return null;
        }

        ExpressionSyntax readLocal = fetch.BuildReadAsync(downloader, tokenName);
        bool keepsContent = assignment.Right.WithoutTrivia() is IdentifierNameSyntax && CanHold(model, fetch.ContentType, targetType);
        SyntaxNode rewritten = root.TrackNodes(declarationStatement, statement);
        rewritten = rewritten.ReplaceNode(
            rewritten.GetCurrentNode(declarationStatement)!,
            Declare(contentName, readLocal).WithTriviaFrom(declarationStatement));
        ExpressionStatementSyntax current = rewritten.GetCurrentNode(statement)!;
        rewritten = keepsContent
            ? rewritten.ReplaceNode(current, statement.WithExpression(assignment.WithRight(SyntaxFactory.IdentifierName(contentName).WithTriviaFrom(assignment.Right))))
            : rewritten.RemoveNode(current, SyntaxRemoveOptions.KeepNoTrivia)!;
        return AddUsing(rewritten, model, statement.SpanStart, cancellationToken);
    }

    private static ILocalSymbol? StoredLocal(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
    {
        ILocalSymbol? found = null;
        foreach (IdentifierNameSyntax name in value.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (model.GetSymbolInfo(name, cancellationToken).Symbol is ILocalSymbol local)
            {
                if (found is not null && !SymbolEqualityComparer.Default.Equals(found, local))
                {
                    return null;
                }

                found = local;
            }
        }

        return found;
    }

    private static bool IsUsedOnlyIn(ILocalSymbol local, BlockSyntax block, ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (IdentifierNameSyntax name in block.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText == local.Name
                && !value.Span.Contains(name.Span)
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local))
            {
                return false;
            }
        }

        return true;
    }

    private static bool CanHold(SemanticModel model, ITypeSymbol content, ITypeSymbol? target) =>
        target is not null && model.Compilation.ClassifyConversion(content, target).IsImplicit;

    private static LocalDeclarationStatementSyntax Declare(string name, ExpressionSyntax value) =>
        (LocalDeclarationStatementSyntax)SyntaxFactory.ParseStatement("var " + name + " = " + value.ToString() + ";");

    private static string Unique(string name, HashSet<string> used)
    {
        string candidate = name;
        for (int i = 2; used.Contains(candidate); i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private static SyntaxNode AddUsing(SyntaxNode root, SemanticModel model, int position, CancellationToken cancellationToken)
    {
        bool inScope = model.LookupNamespacesAndTypes(position, name: "LinkDownloader")
            .Any(symbol => symbol is INamedTypeSymbol type && type.ToDisplayString() == LinkDownloaderMetadataName);
        if (inScope || root is not CompilationUnitSyntax unit)
        {
            return root;
        }

        UsingDirectiveSyntax directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(LinkDownloaderNamespace))
            .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
        return unit.AddUsings(directive.NormalizeWhitespace().WithTrailingTrivia(SyntaxFactory.LineFeed));
    }

    private static async Task<bool> CompilesAsWellAsync(int errorsBefore, Document after, CancellationToken cancellationToken)
    {
        SemanticModel? model = await after.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return false;
        }

        return CountErrors(model, cancellationToken) <= errorsBefore;
    }

    private static int CountErrors(SemanticModel model, CancellationToken cancellationToken) =>
        model.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
}
