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
        Table.Print(["image", "label", .. Classes.Select(c => "p " + c), "boundary", "model", "notes"],
        [
            .. records.Select(r => (string[])
            [
                Path.GetFileName(r.Measured.Item.Image),
                r.Prediction?.Label ?? "error",
                .. Classes.Select(c => r.Prediction?.Probabilities.TryGetValue(c, out var p) == true ? p.ToString("F2", CultureInfo.InvariantCulture) : "-"),
                r.Measured.Features?.BoundaryUsed == true ? "yes" : "no",
                r.Model ?? "-",
                r.Error ?? string.Join(" ", r.Measured.Notes),
            ]),
        ]);
    }

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
                label = r.Prediction?.Label,
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
        text.AppendLine(string.Join(',', new[] { "image", "label" }.Concat(Classes.Select(c => "p_" + c)).Concat(["boundary_used", "model"]).Concat(names).Append("notes")));
        foreach (var r in records)
        {
            var f = r.Measured.Features;
            var cells = new List<string> { Quote(r.Measured.Item.Image), r.Prediction?.Label ?? "error" };
            cells.AddRange(Classes.Select(c => r.Prediction?.Probabilities.TryGetValue(c, out var p) == true ? p.ToString("F4", CultureInfo.InvariantCulture) : string.Empty));
            cells.Add(f?.BoundaryUsed == true ? "true" : "false");
            cells.Add(r.Model ?? string.Empty);
            cells.AddRange(names.Select(n => f is not null && f.Contains(n) ? f[n].ToString("G6", CultureInfo.InvariantCulture) : string.Empty));
            cells.Add(Quote(r.Error ?? string.Join(" ", r.Measured.Notes)));
            text.AppendLine(string.Join(',', cells));
        }

        File.WriteAllText(path, text.ToString());
    }

    private static string Quote(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
