using System.Globalization;
using Tacs.Validation.Statistics;
using Tacs.Validation.Study;

namespace Tacs.Validation.Report;

/// <summary>A table of the report: built once, written as Markdown and as HTML.</summary>
internal sealed record ReportTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>The report's tables.</summary>
internal static class ReportTables
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static ReportTable Level(LevelResult level, double target) => new(
        ["Method", "Accuracy", "Precision", "Recall", "F1", "ROC-AUC", "delta (points)", $"delta > {target.ToString(Inv)}", "n/class to decide", "PSNR dB", "SSIM", "ms/image"],
        [.. level.Methods.Select(m => (IReadOnlyList<string>)
        [
            m.Method, Cell(m.Accuracy), Cell(m.Precision), Cell(m.Recall), Cell(m.F1), Cell(m.RocAuc),
            m.DeltaPoints is { } d ? string.Create(Inv, $"{d.Difference.Mean:+0.0;-0.0;0.0} [{d.Difference.Low:F1}, {d.Difference.High:F1}], p={d.PValue:F3}") : "baseline",
            m.DeltaAboveTarget ?? "–", m.PerClassToDecide switch { null => "–", int.MaxValue => "never", int n => n.ToString(Inv) }, m.Psnr.ToString("F2", Inv), m.Ssim.ToString("F3", Inv), m.MillisecondsPerImage.ToString("F1", Inv),
        ])]);

    public static ReportTable RealDenoising(IReadOnlyList<RealDenoiseResult> results) => new(
        ["image", "method", "ms", "noise σ before", "noise σ after", "method-noise structure"],
        [.. results.Select(r => (IReadOnlyList<string>)
        [
            r.Image, r.Method, r.MillisecondsPerImage.ToString("F0", Inv), r.NoiseSigmaBefore.ToString("F1", Inv), r.NoiseSigmaAfter.ToString("F1", Inv), r.MethodNoiseStructure.ToString("F3", Inv),
        ])]);

    public static ReportTable RealClassification(IReadOnlyList<RealClassificationResult> results) => new(
        ["image", "label", "probabilities", "notes"],
        [.. results.Select(r => (IReadOnlyList<string>)
        [
            r.Image, r.Label, string.Join(", ", r.Probabilities.Select(p => string.Create(Inv, $"{p.Key} {p.Value:F2}"))), string.Join("; ", r.Notes),
        ])]);

    public static ReportTable Robustness(IReadOnlyList<RobustnessResult> results)
    {
        var perturbations = results.Select(r => r.Perturbation).Distinct().ToList();
        return new(
            ["method", "unchanged", .. perturbations],
            [.. results.GroupBy(r => r.Method).Select(g => (IReadOnlyList<string>)
                [g.Key, g.First().Baseline.ToString("F3", Inv), .. g.Select(r => r.Accuracy.ToString("F3", Inv))])]);
    }

    public static string Cell(Interval i) => string.Create(Inv, $"{i.Mean:F3} [{i.Low:F3}, {i.High:F3}]");

    public static string Markdown(ReportTable table) =>
        "| " + string.Join(" | ", table.Header) + " |\n|" + string.Concat(table.Header.Select(_ => "---|")) + "\n" +
        string.Concat(table.Rows.Select(r => "| " + string.Join(" | ", r) + " |\n"));

    public static string Html(ReportTable table) =>
        "<table><tr>" + string.Concat(table.Header.Select(h => $"<th>{Encode(h)}</th>")) + "</tr>" +
        string.Concat(table.Rows.Select(r => "<tr>" + string.Concat(r.Select(c => c is "yes" or "no" or "undecided" ? $"<td class=\"{c}\">{c}</td>" : $"<td>{Encode(c)}</td>")) + "</tr>")) +
        "</table>";

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);
}
