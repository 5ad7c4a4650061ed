using System.Text.RegularExpressions;

namespace CostWatch.Core.Pricing;

/// <summary>
/// Turns the model id a span reports into the ids a price catalog may know it by, most specific first: the id
/// itself, then with route prefixes (<c>openai/</c>, <c>bedrock/us-east-1/</c>), Bedrock's geo prefix
/// (<c>us.</c>), its <c>-v1:0</c> suffix, the <c>anthropic.</c> vendor prefix and finally a dated snapshot
/// suffix removed. Trying them in that order lets a snapshot or a regional id with its own price keep it.
/// </summary>
public static partial class ModelIdNormalizer
{
    /// <summary>The lookup forms of <paramref name="modelId"/>, lower-cased, most specific first, no duplicates.</summary>
    /// <param name="modelId">The model id as reported.</param>
    /// <param name="routePrefix">
    /// A route the id is known under when it carries none of its own (LiteLLM keys such as <c>azure/gpt-4o</c>):
    /// every form is tried with this prefix before the form without it.
    /// </param>
    public static IReadOnlyList<string> Candidates(string modelId, string? routePrefix = null)
    {
        var id = modelId.Trim().ToLowerInvariant();
        var lastSlash = id.LastIndexOf('/');
        var name = id[(lastSlash + 1)..];
        if (name.Length == 0)
        {
            return [];
        }

        List<string> routes = lastSlash >= 0
            ? RouteSuffixes(id[..lastSlash])
            : string.IsNullOrWhiteSpace(routePrefix) ? [] : [routePrefix.Trim().ToLowerInvariant()];

        var forms = new List<string>();
        foreach (var nameForm in NameForms(name))
        {
            foreach (var route in routes)
            {
                AddDistinct(forms, route + "/" + nameForm);
            }

            AddDistinct(forms, nameForm);
        }

        return forms;
    }

    /// <summary>The most general form: no route, no Bedrock decoration, no snapshot date.</summary>
    public static string Normalize(string modelId)
    {
        var forms = Candidates(modelId);
        return forms.Count == 0 ? string.Empty : forms[^1];
    }

    // "a/b" yields "a/b" then "b": each shorter route is a separate key in LiteLLM's file
    // (openrouter/openai/gpt-4o, openai/gpt-4o).
    private static List<string> RouteSuffixes(string route)
    {
        var suffixes = new List<string>();
        var rest = route;
        while (rest.Length > 0)
        {
            suffixes.Add(rest);
            var slash = rest.IndexOf('/');
            rest = slash < 0 ? string.Empty : rest[(slash + 1)..];
        }

        return suffixes;
    }

    private static List<string> NameForms(string name)
    {
        var forms = new List<string> { name };
        var current = name;
        Apply(ref current, BedrockGeoPrefix(), forms);
        Apply(ref current, BedrockVersionSuffix(), forms);
        Apply(ref current, AnthropicVendorPrefix(), forms);
        Apply(ref current, SnapshotDateSuffix(), forms);
        return forms;
    }

    private static void Apply(ref string current, Regex decoration, List<string> forms)
    {
        var stripped = decoration.Replace(current, string.Empty, 1);
        if (stripped.Length > 0 && stripped != current)
        {
            current = stripped;
            AddDistinct(forms, stripped);
        }
    }

    private static void AddDistinct(List<string> forms, string form)
    {
        if (form.Length > 0 && !forms.Contains(form))
        {
            forms.Add(form);
        }
    }

    // Cross-region inference profiles put a geo segment before the vendor: us.anthropic.claude-..., apac.amazon.nova-...
    [GeneratedRegex(@"^(?:us|eu|apac|au|jp|ca|global|us-gov)\.(?=[a-z0-9-]+\.)")]
    private static partial Regex BedrockGeoPrefix();

    // Only after a date, so ids like anthropic.claude-v2:1 whose version is part of the name stay whole.
    [GeneratedRegex(@"(?<=-\d{8})-v\d+:\d+$")]
    private static partial Regex BedrockVersionSuffix();

    [GeneratedRegex(@"^anthropic\.")]
    private static partial Regex AnthropicVendorPrefix();

    // gpt-4o-2024-08-06, claude-3-5-sonnet-20241022, vertex_ai's claude-3-5-sonnet@20241022.
    [GeneratedRegex(@"(?:-(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])|[-@](?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))$")]
    private static partial Regex SnapshotDateSuffix();
}
