using System.Globalization;
using System.Text;
using ScottPlot;

namespace Tacs.Validation.Comparison;

/// <summary>The comparison as a table, a CSV of every image, and a PSNR plot.</summary>
public static class ComparisonReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Mean PSNR, SSIM and time per method and level, ranked by PSNR within each level (Markdown).</summary>
    public static string Table(IReadOnlyList<CompareRow> rows)
    {
        var text = new StringBuilder("| level | rank | method | PSNR dB | SSIM | ms/image | images |\n|---|---|---|---|---|---|---|\n");
        foreach (var level in rows.GroupBy(r => r.Level))
        {
            var rank = 0;
            foreach (var method in level.GroupBy(r => r.Method).OrderByDescending(g => g.Average(r => r.Psnr)))
            {
                text.Append(Inv, $"| {level.Key} | {++rank} | {method.Key} | {method.Average(r => r.Psnr):F2} | {method.Average(r => r.Ssim):F4} | {method.Average(r => r.Milliseconds):F1} | {method.Count()} |\n");
            }
        }

        return text.ToString();
    }

    /// <summary>Writes <c>compare.csv</c>, <c>compare.md</c> and <c>compare-psnr.png</c> into <paramref name="folder"/>.</summary>
    public static void Write(IReadOnlyList<CompareRow> rows, string folder)
    {
        Directory.CreateDirectory(folder);
        var csv = new StringBuilder("image,level,method,psnr_db,ssim,ms\n");
        foreach (var r in rows)
        {
            csv.Append(Inv, $"{Quote(r.Image)},{Quote(r.Level)},{Quote(r.Method)},{r.Psnr:F4},{r.Ssim:F6},{r.Milliseconds:F2}\n");
        }

        File.WriteAllText(Path.Combine(folder, "compare.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(folder, "compare.md"), Table(rows));

        var plot = new Plot();
        var levels = rows.Select(r => r.Level).Distinct().ToList();
        var methods = rows.Select(r => r.Method).Distinct().ToList();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        for (var l = 0; l < levels.Count; l++)
        {
            for (var m = 0; m < methods.Count; m++)
            {
                var values = rows.Where(r => r.Level == levels[l] && r.Method == methods[m]).Select(r => r.Psnr).ToList();
                bars.Add(new Bar { Position = (l * (methods.Count + 1)) + m, Value = values.Count > 0 ? values.Average() : 0, FillColor = palette.GetColor(m) });
            }
        }

        plot.Add.Bars(bars);
        for (var m = 0; m < methods.Count; m++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = methods[m], FillColor = palette.GetColor(m) });
        }

        plot.ShowLegend();
        plot.Axes.Bottom.SetTicks([.. levels.Select((_, l) => (l * (methods.Count + 1)) + ((methods.Count - 1) / 2.0))], [.. levels]);
        plot.YLabel("mean PSNR (dB)");
        plot.Title("Denoisers compared");
        plot.SavePng(Path.Combine(folder, "compare-psnr.png"), 720, 420);
    }

    private static string Quote(string value) => value.Contains(',') || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
