using System.Text.Json;
using System.Text.Json.Nodes;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Results;

/// <summary>Reads back the rows that <see cref="AnalysisLog.Write"/> wrote as JSON, so that the parts of a split run can be joined.</summary>
public static class AnalysisJson
{
    /// <summary>Reads the rows of a results file written as JSON.</summary>
    /// <exception cref="InvalidDataException">The file is not such a list of rows; the message names the file.</exception>
    public static IReadOnlyList<AnalysisRow> Read(string path)
    {
        try
        {
            var options = new JsonNodeOptions { PropertyNameCaseInsensitive = false };
            var document = JsonNode.Parse(File.ReadAllText(path), options, new JsonDocumentOptions { MaxDepth = 16 }) as JsonArray
                ?? throw new InvalidDataException("it is not a JSON list of rows");
            return [.. document.Select((node, i) => Row(node as JsonObject ?? throw new InvalidDataException($"row {i + 1} is not an object")))];
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or InvalidDataException or KeyNotFoundException or ArgumentException)
        {
            throw new InvalidDataException($"{path} is not a results file written by tacs ({ex.Message}). Rerun the shard that wrote it.", ex);
        }
    }

    private static AnalysisRow Row(JsonObject row)
    {
        var result = new AnalysisResult(
            Text(row, "plugin") ?? throw new InvalidDataException("a row has no plugin"),
            Text(row, "label"),
            Numbers(row["probabilities"]),
            Numbers(row["features"]))
        {
            Notes = row["notes"] is JsonArray notes ? [.. notes.Select(n => n is JsonValue note && note.TryGetValue<string>(out var text) ? text : string.Empty)] : [],
        };
        return new AnalysisRow(Text(row, "source") ?? throw new InvalidDataException("a row has no source"), row["frame"]?.GetValue<long>() ?? throw new InvalidDataException("a row has no frame"), result);
    }

    private static string? Text(JsonObject row, string name) => row[name]?.GetValue<string>();

    // Features may be NaN or ±Infinity, which the writer spells as strings.
    private static Dictionary<string, double> Numbers(JsonNode? node) =>
        node is JsonObject values
            ? values.ToDictionary(p => p.Key, p => Number(p.Key, p.Value), StringComparer.Ordinal)
            : [];

    private static double Number(string name, JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var text) && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new InvalidDataException($"'{name}' is not a number"),
    };
}
