using System.Globalization;
using System.Text;
using System.Text.Json;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Results;

/// <summary>One analyser's result on one frame.</summary>
/// <param name="Source">The input file, or the live source.</param>
/// <param name="Frame">0-based page or frame index.</param>
/// <param name="Result">What the analyser found.</param>
public sealed record AnalysisRow(string Source, long Frame, AnalysisResult Result);

/// <summary>
/// The analysers' results of a run, one row per frame and analyser, kept as data: written as CSV or JSON
/// (<c>--results FILE</c>) and summarised for the console (labels counted, features as mean and range).
/// Rows are small (a few numbers per frame), so they are kept in memory and written once at the end.
/// </summary>
public sealed class AnalysisLog
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly Lock _gate = new();
    private readonly List<AnalysisRow> _rows = [];

    /// <summary>Rows so far, in arrival order.</summary>
    public IReadOnlyList<AnalysisRow> Rows
    {
        get
        {
            lock (_gate)
            {
                return [.. _rows];
            }
        }
    }

    /// <summary>Adds the results attached to <paramref name="frame"/>.</summary>
    public void Add(string source, long index, ImageFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_gate)
        {
            foreach (var result in frame.Analyses)
            {
                _rows.Add(new AnalysisRow(source, index, result));
            }
        }
    }

    /// <summary>Adds rows read back from a file (the parts of a split run).</summary>
    public void AddRows(IEnumerable<AnalysisRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        lock (_gate)
        {
            _rows.AddRange(rows);
        }
    }

    /// <summary>Writes the rows as CSV (<c>.csv</c>) or JSON (<c>.json</c>), under a temporary name first.</summary>
    /// <exception cref="ArgumentException">Another extension.</exception>
    public void Write(string path)
    {
        var rows = Rows;
        var text = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => Csv(rows),
            ".json" => Json(rows),
            _ => throw new ArgumentException($"--results {path}: write .csv or .json."),
        };
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full + ".partial", text);
        File.Move(full + ".partial", full, overwrite: true);
    }

    /// <summary>Checks an output path before any work is done.</summary>
    /// <exception cref="ArgumentException">Not .csv or .json.</exception>
    public static void CheckPath(string path)
    {
        if (Path.GetExtension(path).ToLowerInvariant() is not (".csv" or ".json"))
        {
            throw new ArgumentException($"--results {path}: the file must end in .csv or .json.");
        }
    }

    /// <summary>Per analyser: frames, label counts, mean class probabilities, and each feature's mean, min and max.</summary>
    public IReadOnlyList<string> Summary()
    {
        var lines = new List<string>();
        foreach (var plugin in Rows.GroupBy(r => r.Result.PluginId, StringComparer.Ordinal))
        {
            var results = plugin.Select(r => r.Result).ToList();
            lines.Add($"{plugin.Key}: {results.Count} frame(s)");
            var labelled = results.Where(r => r.Label is not null).ToList();
            if (labelled.Count > 0)
            {
                lines.Add("  labels: " + string.Join(", ", labelled.GroupBy(r => r.Label!).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
            }

            foreach (var name in results.SelectMany(r => r.Probabilities.Keys).Distinct(StringComparer.Ordinal))
            {
                var values = results.Where(r => r.Probabilities.ContainsKey(name)).Select(r => r.Probabilities[name]).ToList();
                lines.Add(string.Create(Inv, $"  p({name}): mean {values.Average():F3}"));
            }

            foreach (var name in results.SelectMany(r => r.Features.Keys).Distinct(StringComparer.Ordinal))
            {
                var all = results.Where(r => r.Features.ContainsKey(name)).Select(r => r.Features[name]).ToList();
                var values = all.Where(double.IsFinite).ToList();
                var odd = all.Count - values.Count;
                lines.Add(values.Count == 0
                    ? $"  {name}: no finite value"
                    : string.Create(Inv, $"  {name}: mean {values.Average():G5}, min {values.Min():G5}, max {values.Max():G5}{(odd > 0 ? $" ({odd} not finite, left out)" : string.Empty)}"));
            }
        }

        return lines;
    }

    /// <summary>One result in a line: label and probabilities when it classifies, then its features.</summary>
    public static string Describe(AnalysisResult result)
    {
        var parts = new List<string>();
        if (result.Label is not null)
        {
            parts.Add(result.Label);
        }

        if (result.Probabilities.Count > 0)
        {
            parts.Add("(" + string.Join(", ", result.Probabilities.Select(p => string.Create(Inv, $"{p.Key} {p.Value:F2}"))) + ")");
        }

        if (result.Features.Count > 0)
        {
            parts.Add(string.Join(", ", result.Features.Select(f => string.Create(Inv, $"{f.Key}={f.Value:G5}"))));
        }

        var text = parts.Count == 0 ? "(no label, probabilities or features)" : string.Join(" ", parts);
        return result.Notes.Count > 0 ? text + "; " + string.Join("; ", result.Notes) : text;
    }

    // Columns: every class and feature seen in any row (p_ and f_ prefixes keep them apart); empty where a row has none.
    private static string Csv(IReadOnlyList<AnalysisRow> rows)
    {
        var classes = rows.SelectMany(r => r.Result.Probabilities.Keys).Distinct(StringComparer.Ordinal).ToList();
        var features = rows.SelectMany(r => r.Result.Features.Keys).Distinct(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.AppendJoin(',', new[] { "source", "frame", "plugin", "label" }.Concat(classes.Select(c => "p_" + c)).Concat(features.Select(f => "f_" + f)).Append("notes").Select(Quote)).Append('\n');
        foreach (var row in rows)
        {
            var r = row.Result;
            var cells = new[] { row.Source, row.Frame.ToString(Inv), r.PluginId, r.Label ?? string.Empty }
                .Concat(classes.Select(c => r.Probabilities.TryGetValue(c, out var p) ? p.ToString("R", Inv) : string.Empty))
                .Concat(features.Select(f => r.Features.TryGetValue(f, out var v) ? v.ToString("R", Inv) : string.Empty))
                .Append(string.Join("; ", r.Notes));
            text.AppendJoin(',', cells.Select(Quote)).Append('\n');
        }

        return text.ToString();
    }

    private static string Json(IReadOnlyList<AnalysisRow> rows) => JsonSerializer.Serialize(
        rows.Select(r => new
        {
            source = r.Source,
            frame = r.Frame,
            plugin = r.Result.PluginId,
            label = r.Result.Label,
            probabilities = r.Result.Probabilities,
            features = r.Result.Features,
            notes = r.Result.Notes,
        }),
        new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
