using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tacs.BioImageIO.Packages;

/// <summary>A YAML document as plain values (maps of string keys, lists, scalar strings), with typed look-ups
/// that name the field on failure. The description formats 0.4 and 0.5 differ too much for one typed model.</summary>
internal static class YamlTree
{
    public static Dictionary<string, object?> Parse(string text, string name)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new PackageException($"{name} is not valid YAML (line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}); fix or re-download the package.", ex);
        }

        if (stream.Documents.Count == 0 || Convert(stream.Documents[0].RootNode) is not Dictionary<string, object?> root)
        {
            throw new PackageException($"{name} does not hold a YAML mapping (key: value lines); it is not a BioImage.IO description.");
        }

        return root;
    }

    public static object? Get(this IReadOnlyDictionary<string, object?> map, string key) => map.TryGetValue(key, out var value) ? value : null;

    public static string? Text(this IReadOnlyDictionary<string, object?> map, string key) => map.Get(key) as string;

    public static Dictionary<string, object?>? Map(this IReadOnlyDictionary<string, object?> map, string key) => map.Get(key) as Dictionary<string, object?>;

    public static List<object?> List(this IReadOnlyDictionary<string, object?> map, string key) => map.Get(key) as List<object?> ?? [];

    public static IEnumerable<Dictionary<string, object?>> Maps(this IReadOnlyDictionary<string, object?> map, string key) =>
        map.List(key).OfType<Dictionary<string, object?>>();

    public static double? Number(this IReadOnlyDictionary<string, object?> map, string key) => ToNumber(map.Get(key));

    public static double? ToNumber(object? value) =>
        value is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public static int? Integer(this IReadOnlyDictionary<string, object?> map, string key) => map.Number(key) is { } d ? (int)d : null;

    /// <summary>A scalar or a list of numbers as a list (empty when absent).</summary>
    public static double[] Numbers(object? value) => value switch
    {
        List<object?> list => [.. list.Select(v => ToNumber(v) ?? double.NaN)],
        string => ToNumber(value) is { } d ? [d] : [],
        _ => [],
    };

    private static object? Convert(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(Convert).ToList(),
        YamlMappingNode mapping => mapping.Children.ToDictionary(p => (p.Key as YamlScalarNode)?.Value ?? p.Key.ToString(), p => Convert(p.Value), StringComparer.Ordinal),
        _ => null,
    };
}
