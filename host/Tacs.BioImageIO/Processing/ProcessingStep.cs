namespace Tacs.BioImageIO.Processing;

/// <summary>One pre- or post-processing step as written in a description: its id (0.5) or name (0.4) and keyword arguments.</summary>
/// <param name="Id">zero_mean_unit_variance, scale_range, ...</param>
/// <param name="Kwargs">Arguments as YAML values (strings, lists, maps).</param>
public sealed record ProcessingStep(string Id, IReadOnlyDictionary<string, object?> Kwargs)
{
    /// <summary>The step ids tacs applies.</summary>
    public static IReadOnlyList<string> Supported { get; } =
    [
        "zero_mean_unit_variance", "fixed_zero_mean_unit_variance", "scale_range", "scale_linear", "scale_mean_variance",
        "clip", "sigmoid", "binarize", "ensure_dtype",
    ];

    /// <summary>The step as short text, such as <c>scale_range(max_percentile=99.8, min_percentile=1)</c>.</summary>
    public override string ToString() =>
        Kwargs.Count == 0 ? Id : $"{Id}({string.Join(", ", Kwargs.Select(p => $"{p.Key}={Show(p.Value)}"))})";

    private static string Show(object? value) => value switch
    {
        List<object?> list => "[" + string.Join(", ", list.Select(Show)) + "]",
        Dictionary<string, object?> map => "{" + string.Join(", ", map.Select(p => $"{p.Key}: {Show(p.Value)}")) + "}",
        null => "null",
        _ => value.ToString() ?? string.Empty,
    };
}
