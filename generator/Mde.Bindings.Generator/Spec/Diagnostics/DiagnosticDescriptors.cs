using Microsoft.CodeAnalysis;

namespace Mde.Bindings.Generator.Spec.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports: all spec errors, located in the spec file. Each message says
/// what to write instead. The IDs are part of the product's contract (docs/diagnostics/MDE2xxx.md).
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Mde.Bindings.Spec";

    public static readonly DiagnosticDescriptor InvalidJson = Error(
        "MDE2001", "The spec file is not valid JSON", "The spec is not valid JSON: {0}");

    public static readonly DiagnosticDescriptor UnsupportedSpecVersion = Error(
        "MDE2002", "Unsupported spec version", "specVersion {0} is not supported: write \"specVersion\": 1, or 2 for a spec that uses the v2 forms");

    public static readonly DiagnosticDescriptor NeedsSpecVersion2 = Error(
        "MDE2025", "A spec version 2 form in a version 1 spec", "{0} is a spec version 2 form: write \"specVersion\": 2 at the top of the spec");

    public static readonly DiagnosticDescriptor UnknownKey = Error(
        "MDE2003", "Unknown key in the spec", "Unknown key '{0}' in {1}: {2}");

    public static readonly DiagnosticDescriptor MissingKey = Error(
        "MDE2004", "A required key is missing", "{0} has no '{1}': add {2}");

    public static readonly DiagnosticDescriptor WrongValueKind = Error(
        "MDE2005", "A value has the wrong JSON kind", "'{0}' must be {1}, not {2}");

    public static readonly DiagnosticDescriptor InvalidIdentifier = Error(
        "MDE2006", "A name is not a valid C# identifier", "{0} '{1}' is not a valid C# identifier: {2}");

    public static readonly DiagnosticDescriptor UnknownType = Error(
        "MDE2007", "Unknown type", "Unknown type '{0}': {1}");

    public static readonly DiagnosticDescriptor UndeclaredPathParameter = Error(
        "MDE2008", "A path placeholder is not a declared parameter", "The path of '{0}' uses {{{1}}}, which is not declared: add \"{1}\": \"string\" (or its type) to its parameters");

    public static readonly DiagnosticDescriptor UnusedPathParameter = Error(
        "MDE2009", "A path parameter is not in the path", "Path parameter '{0}' of '{1}' does not appear in its path: add {{{0}}} to the path, or declare it as {{ \"type\": \"…\", \"in\": \"query\" }}");

    public static readonly DiagnosticDescriptor InvalidMethod = Error(
        "MDE2010", "Unsupported HTTP method", "HTTP method '{0}' is not supported: use GET, POST, PUT, PATCH or DELETE");

    public static readonly DiagnosticDescriptor InvalidLimit = Error(
        "MDE2011", "A rate limit cannot be read", "Rate limit '{0}' cannot be read: write \"N/second\", \"N/minute\", \"N/hour\" or \"N/day\" with N a positive whole number");

    public static readonly DiagnosticDescriptor InvalidDuration = Error(
        "MDE2012", "A duration cannot be read", "Duration '{0}' cannot be read: write a positive ISO 8601 duration of weeks, days, hours, minutes and seconds, such as \"PT30M\" or \"PT1H\" (months and years have no fixed length)");

    public static readonly DiagnosticDescriptor DuplicateName = Error(
        "MDE2013", "A name is declared twice", "{0} '{1}' is declared more than once{2}: {3}");

    public static readonly DiagnosticDescriptor MissingPermissions = Error(
        "MDE2014", "An operation has no permissions", "'{0}' lists no permission: add at least one to \"application\" or \"delegated\"");

    public static readonly DiagnosticDescriptor InvalidBody = Error(
        "MDE2015", "A request body is not allowed here", "{0}");

    public static readonly DiagnosticDescriptor DuplicateSpec = Error(
        "MDE2016", "Two specs declare the same API", "Spec '{0}' in namespace '{1}' is also declared in {2}: keep one of the two files in the compilation, or give one of them another \"namespace\"");

    public static readonly DiagnosticDescriptor InvalidReturns = Error(
        "MDE2017", "The returns value cannot be read", "'returns' of '{0}' {1}: write a type (\"MachineAction\"), {{ \"value\": T }} or {{ \"downloadLink\": T, \"validFor\": \"PT30M\" }}, or leave it out for no content");

    public static readonly DiagnosticDescriptor InvalidPath = Error(
        "MDE2018", "The path cannot be read", "The path of '{0}' {1}");

    public static readonly DiagnosticDescriptor InvalidParameter = Error(
        "MDE2019", "A parameter declaration cannot be read", "Parameter '{0}' of '{1}' {2}");

    public static readonly DiagnosticDescriptor InvalidVisibility = Error(
        "MDE2020", "Unknown visibility", "Visibility '{0}' is not supported: write \"public\" or \"internal\"");

    public static readonly DiagnosticDescriptor NameConflict = Error(
        "MDE2021", "A name conflicts with a generated name", "{0} '{1}' conflicts with {2}: rename it");

    public static readonly DiagnosticDescriptor EmptyValue = Error(
        "MDE2022", "A value is empty", "'{0}' must not be empty: {1}");

    public static readonly DiagnosticDescriptor InvalidProperty = Error(
        "MDE2024", "A property declaration cannot be read", "Property '{0}' of '{1}' {2}");

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Error(
        "MDE2023", "The C# language version is too low for generated code", "Code generated from '{0}' needs C# 11 or newer; this project uses C# {1}: raise <LangVersion> or remove the spec from the project");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "MDE2099", "The spec could not be processed", "The generator could not process this spec ({0}); nothing was generated from it. Please report this with the spec file.");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: "https://github.com/mde-bindings/mde-bindings/blob/main/docs/diagnostics/" + id + ".md");
}
