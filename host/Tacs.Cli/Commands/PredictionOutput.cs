using System.Globalization;
using System.Text;
using System.Text.Json;
using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;

namespace Tacs.Cli.Commands;

/// <summary>The outcome for one image of <c>tacs classify predict</c>.</summary>
internal sealed record PredictionRecord(MeasuredItem Measured, TacsPrediction? Prediction, string? Model, string? Error);

/// <summary>Prints predictions as a table and writes them as CSV or JSON with every feature.</summary>
internal static class PredictionOutput
{
    private static readonly string[] Classes = ["TACS-1", "TACS-2", "TACS-3"];

    public static void PrintTable(IReadOnlyList<PredictionRecord> records)
    {
        Table.Print(["image", "page", "answer", "best", .. Classes.Select(c => "p " + c), "boundary", "model", "notes"],
        [
            .. records.Select(r => (string[])
            [
                Path.GetFileName(r.Measured.Item.Image),
                FormattableString.Invariant($"{r.Measured.Page + 1}/{r.Measured.PageCount}"),
                r.Prediction?.Answer ?? "error",
                r.Prediction?.Label ?? "-",
                .. Classes.Select(c => r.Prediction?.Probabilities.TryGetValue(c, out var p) == true ? p.ToString("F2", CultureInfo.InvariantCulture) : "-"),
                r.Measured.Features?.BoundaryUsed == true ? "yes" : "no",
                r.Model ?? "-",
                r.Error ?? Remarks(r),
            ]),
        ]);
    }

    /// <summary>Counts per answer (TACS-1/2/3, uncertain, error) over all pages.</summary>
    public static void PrintSummary(IReadOnlyList<PredictionRecord> records)
    {
        var counts = records.GroupBy(r => r.Prediction?.Answer ?? "error").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var order = Classes.Concat(["uncertain", "error"]).Where(counts.ContainsKey);
        Console.WriteLine($"Summary of {records.Count} page(s): {string.Join(", ", order.Select(k => $"{k} {counts[k]}"))}.");
    }

    private static string Remarks(PredictionRecord r) => string.Join(" ", (r.Prediction?.Doubts.Select(d => "doubt: " + d) ?? [])
        .Concat(r.Measured.Warnings.Select(w => "warning: " + w))
        .Concat(r.Measured.Notes));

    public static void Write(string path, IReadOnlyList<PredictionRecord> records)
    {
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        if (Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            var items = records.Select(r => new
            {
                image = r.Measured.Item.Image,
                page = r.Measured.Page + 1,
                pages = r.Measured.PageCount,
                answer = r.Prediction?.Answer ?? "error",
                label = r.Prediction?.Label,
                uncertain = r.Prediction?.Uncertain,
                doubts = r.Prediction?.Doubts ?? [],
                warnings = r.Measured.Warnings,
                pixel_size_um = r.Measured.PixelSizeMicrons,
                probabilities = r.Prediction?.Probabilities,
                boundary = r.Measured.Features?.BoundaryUsed == true ? r.Measured.Item.Boundary : null,
                model = r.Model,
                features = r.Measured.Features?.ToDictionary(),
                notes = r.Measured.Notes,
                error = r.Error,
            });
            File.WriteAllText(path, JsonSerializer.Serialize(items, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }

        var names = FeatureCatalog.All.Select(f => f.Name).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', new[] { "image", "page", "pages", "answer", "label", "uncertain" }.Concat(Classes.Select(c => "p_" + c)).Concat(["boundary_used", "model", "pixel_size_um"]).Concat(names).Concat(["doubts", "warnings", "notes"])));
        foreach (var r in records)
        {
            var f = r.Measured.Features;
            var cells = new List<string>
            {
                Quote(r.Measured.Item.Image),
                (r.Measured.Page + 1).ToString(CultureInfo.InvariantCulture),
                r.Measured.PageCount.ToString(CultureInfo.InvariantCulture),
                r.Prediction?.Answer ?? "error",
                r.Prediction?.Label ?? string.Empty,
                r.Prediction is null ? string.Empty : r.Prediction.Uncertain ? "true" : "false",
            };
            cells.AddRange(Classes.Select(c => r.Prediction?.Probabilities.TryGetValue(c, out var p) == true ? p.ToString("F4", CultureInfo.InvariantCulture) : string.Empty));
            cells.Add(f?.BoundaryUsed == true ? "true" : "false");
            cells.Add(r.Model ?? string.Empty);
            cells.Add(r.Measured.PixelSizeMicrons?.ToString("G6", CultureInfo.InvariantCulture) ?? string.Empty);
            cells.AddRange(names.Select(n => f is not null && f.Contains(n) ? f[n].ToString("G6", CultureInfo.InvariantCulture) : string.Empty));
            cells.Add(Quote(string.Join(" | ", r.Prediction?.Doubts ?? [])));
            cells.Add(Quote(string.Join(" | ", r.Measured.Warnings)));
            cells.Add(Quote(r.Error ?? string.Join(" ", r.Measured.Notes)));
            text.AppendLine(string.Join(',', cells));
        }

        File.WriteAllText(path, text.ToString());
    }

    private static string Quote(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
