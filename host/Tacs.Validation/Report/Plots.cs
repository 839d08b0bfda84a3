using ScottPlot;
using Tacs.Validation.Study;

namespace Tacs.Validation.Report;

/// <summary>PNG plots of the study (ScottPlot).</summary>
internal static class Plots
{
    public static string Quality(string folder, IReadOnlyList<LevelResult> levels, bool ssim)
    {
        var plot = new Plot();
        var methods = levels[0].Methods.Select(m => m.Method).ToArray();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        for (var l = 0; l < levels.Count; l++)
        {
            for (var m = 0; m < methods.Length; m++)
            {
                var result = levels[l].Methods[m];
                bars.Add(new Bar { Position = (l * (methods.Length + 1)) + m, Value = ssim ? result.Ssim : result.Psnr, FillColor = palette.GetColor(m) });
            }
        }

        plot.Add.Bars(bars);
        Legend(plot, methods, palette);
        plot.Axes.Bottom.SetTicks([.. levels.Select((_, l) => (l * (methods.Length + 1)) + ((methods.Length - 1) / 2.0))], [.. levels.Select(l => l.Level)]);
        plot.Title(ssim ? "SSIM against the noise-free image" : "PSNR against the noise-free image");
        plot.YLabel(ssim ? "SSIM" : "PSNR (dB)");
        plot.XLabel("noise level (peak photons)");
        return Save(plot, folder, ssim ? "ssim.png" : "psnr.png");
    }

    public static string Delta(string folder, IReadOnlyList<LevelResult> levels, double target)
    {
        var plot = new Plot();
        var methods = levels[0].Methods.Skip(1).Select(m => m.Method).ToArray();
        var palette = new ScottPlot.Palettes.Category10();
        for (var m = 0; m < methods.Length; m++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            var errors = new List<double>();
            for (var l = 0; l < levels.Count; l++)
            {
                var d = levels[l].Methods[m + 1].DeltaPoints!.Difference;
                xs.Add(l + ((m - ((methods.Length - 1) / 2.0)) * 0.12));
                ys.Add(d.Mean);
                errors.Add(d.High - d.Mean);
            }

            var scatter = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), palette.GetColor(m + 1));
            scatter.LineWidth = 0;
            scatter.MarkerSize = 9;
            scatter.LegendText = methods[m];
            var bars = plot.Add.ErrorBar(xs.ToArray(), ys.ToArray(), errors.ToArray());
            bars.Color = palette.GetColor(m + 1);
        }

        var line = plot.Add.HorizontalLine(target);
        line.LinePattern = LinePattern.Dashed;
        line.LegendText = $"{target} points";
        plot.Add.HorizontalLine(0).Color = Colors.Gray;
        plot.Axes.Bottom.SetTicks([.. levels.Select((_, l) => (double)l)], [.. levels.Select(l => l.Level)]);
        plot.Title("Accuracy gain over raw images (95% interval)");
        plot.YLabel("delta accuracy (points)");
        plot.XLabel("noise level (peak photons)");
        plot.ShowLegend();
        return Save(plot, folder, "delta.png");
    }

    /// <summary>
    /// Forest plot: one row per level and method, its accuracy difference over raw with the 95% interval, against
    /// the target line; coloured by the verdict. Levels are grouped top to bottom in the study's order.
    /// </summary>
    public static string Forest(string folder, IReadOnlyList<LevelResult> levels, double target)
    {
        var plot = new Plot();
        var ticks = new List<(double Position, string Label)>();
        var y = 0.0;
        foreach (var level in levels)
        {
            foreach (var m in level.Methods.Where(m => m.DeltaPoints is not null))
            {
                var d = m.DeltaPoints!.Difference;
                var colour = m.DeltaAboveTarget switch { "yes" => Colors.Green, "no" => Colors.Red, _ => Colors.DarkOrange };
                var line = plot.Add.Line(d.Low, y, d.High, y);
                line.Color = colour;
                line.LineWidth = 3;
                var marker = plot.Add.Marker(d.Mean, y);
                marker.Color = colour;
                marker.Size = 10;
                marker.Shape = MarkerShape.FilledSquare;
                var label = plot.Add.Text(FormattableString.Invariant($"{d.Mean:+0.0;-0.0;0.0} [{d.Low:F1}, {d.High:F1}] {m.DeltaAboveTarget}"), d.High, y);
                label.LabelFontSize = 11;
                label.LabelAlignment = Alignment.MiddleLeft;
                label.OffsetX = 6;
                ticks.Add((y, $"{level.Level}  {m.Method}"));
                y -= 1;
            }

            y -= 0.6; // a gap between levels
        }

        var targetLine = plot.Add.VerticalLine(target);
        targetLine.LinePattern = LinePattern.Dashed;
        targetLine.Color = Colors.Black;
        targetLine.LegendText = FormattableString.Invariant($"target: +{target:G} points");
        plot.Add.VerticalLine(0).Color = Colors.Gray;
        plot.Axes.Left.SetTicks([.. ticks.Select(t => t.Position)], [.. ticks.Select(t => t.Label)]);
        var lows = levels.SelectMany(l => l.Methods).Where(m => m.DeltaPoints is not null).Select(m => m.DeltaPoints!.Difference).ToList();
        var left = Math.Min(Math.Min(0, target), lows.Min(d => d.Low)) - 2;
        var right = Math.Max(target, lows.Max(d => d.High)) + ((lows.Max(d => d.High) - left) * 0.55);
        plot.Axes.SetLimits(left, right, y + 0.4, 0.8);
        plot.Title("Gain over raw images, 95% interval");
        plot.XLabel("delta accuracy (points)");
        plot.ShowLegend(Alignment.LowerRight);
        return Save(plot, folder, "forest.png", 900, 120 + (int)(-y * 34));
    }

    public static string Confusion(string folder, string level, MethodResult result)
    {
        var plot = new Plot();
        var n = result.Classes.Count;
        var values = new double[n, n];
        for (var t = 0; t < n; t++)
        {
            var total = Math.Max(1, Enumerable.Range(0, n).Sum(p => result.Confusion[t, p]));
            for (var p = 0; p < n; p++)
            {
                // ScottPlot draws row 0 of the array at the top: true class 0 on the top row, as in the labels.
                values[t, p] = result.Confusion[t, p] / (double)total;
            }
        }

        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        for (var t = 0; t < n; t++)
        {
            for (var p = 0; p < n; p++)
            {
                var text = plot.Add.Text(result.Confusion[t, p].ToString(System.Globalization.CultureInfo.InvariantCulture), p, n - 1 - t);
                text.LabelFontColor = values[t, p] > 0.5 ? Colors.Black : Colors.White;
                text.LabelFontSize = 16;
                text.LabelAlignment = Alignment.MiddleCenter;
            }
        }

        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, n).Select(i => (double)i)], [.. result.Classes]);
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, n).Select(i => (double)(n - 1 - i))], [.. result.Classes]);
        plot.XLabel("predicted");
        plot.YLabel("true");
        plot.Title($"{result.Method}, {level} (all folds)");
        return Save(plot, folder, $"confusion-{level}-{Safe(result.Method)}.png", 420, 380);
    }

    public static string RocCurves(string folder, LevelResult level)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var m = 0; m < level.Methods.Count; m++)
        {
            var result = level.Methods[m];
            // Macro-average: the mean true positive rate of the classes over a common grid of false positive rates.
            var grid = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();
            var tpr = grid.Select(f => result.Roc.Values.Average(c => Interpolate(c.Fpr, c.Tpr, f))).ToArray();
            var line = plot.Add.Scatter(grid, tpr, palette.GetColor(m));
            line.MarkerSize = 0;
            line.LegendText = FormattableString.Invariant($"{result.Method} (AUC {result.RocAuc.Mean:F3})");
        }

        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = LinePattern.Dotted;
        chance.Color = Colors.Gray;
        plot.Title($"Macro one-vs-rest ROC, {level.Level}");
        plot.XLabel("false positive rate");
        plot.YLabel("true positive rate");
        plot.ShowLegend(Alignment.LowerRight);
        return Save(plot, folder, $"roc-{level.Level}.png", 520, 420);
    }

    private static double Interpolate(double[] xs, double[] ys, double x)
    {
        for (var i = 1; i < xs.Length; i++)
        {
            if (xs[i] >= x)
            {
                var span = xs[i] - xs[i - 1];
                return span <= 0 ? Math.Max(ys[i], ys[i - 1]) : ys[i - 1] + ((ys[i] - ys[i - 1]) * (x - xs[i - 1]) / span);
            }
        }

        return ys[^1];
    }

    private static void Legend(Plot plot, string[] names, IPalette palette)
    {
        for (var m = 0; m < names.Length; m++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = names[m], FillColor = palette.GetColor(m) });
        }

        plot.ShowLegend();
    }

    private static string Save(Plot plot, string folder, string name, int width = 640, int height = 400)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        plot.SavePng(path, width, height);
        return path;
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
}
