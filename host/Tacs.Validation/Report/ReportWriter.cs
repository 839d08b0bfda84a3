using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Tacs.Validation.Statistics;
using Tacs.Validation.Study;

namespace Tacs.Validation.Report;

/// <summary>Writes the study's report folder: <c>report.md</c>, a self-contained <c>report.html</c>, <c>report.json</c>,
/// and plots as PNG.</summary>
public static class ReportWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes every file of the report.</summary>
    /// <param name="result">The study's results.</param>
    /// <param name="folder">Report folder.</param>
    /// <returns>Paths of the Markdown, HTML and JSON files.</returns>
    public static (string Markdown, string Html, string Json) Write(ValidationResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var plots = Path.Combine(folder, "plots");
        var figures = new List<(string Title, string Path)>
        {
            ("PSNR", Plots.Quality(plots, result.Synthetic, ssim: false)),
            ("SSIM", Plots.Quality(plots, result.Synthetic, ssim: true)),
        };
        if (result.Synthetic[0].Methods.Count > 1)
        {
            figures.Add(("Forest plot: accuracy gain over raw images per level and method, against the target", Plots.Forest(plots, result.Synthetic, result.Options.TargetDeltaPoints)));
            figures.Add(("Accuracy gain over raw images", Plots.Delta(plots, result.Synthetic, result.Options.TargetDeltaPoints)));
        }

        foreach (var level in result.Synthetic)
        {
            figures.Add(($"ROC curves, {level.Level}", Plots.RocCurves(plots, level)));
            figures.AddRange(level.Methods.Select(m => ($"Confusion matrix, {level.Level}, {m.Method}", Plots.Confusion(plots, level.Level, m))));
        }

        var examples = Path.Combine(folder, "examples");
        if (Directory.Exists(examples))
        {
            figures.AddRange(Directory.GetFiles(examples, "synthetic-*.png").Order(StringComparer.Ordinal)
                .Select(p => ($"Synthetic example {Path.GetFileNameWithoutExtension(p)["synthetic-".Length..]}: noise-free, then {string.Join(", ", result.Synthetic[0].Methods.Select(m => m.Method))}", p)));
        }

        var markdown = Path.Combine(folder, "report.md");
        File.WriteAllText(markdown, Markdown(result, folder, figures));
        var html = Path.Combine(folder, "report.html");
        File.WriteAllText(html, Html(result, figures));
        var json = Path.Combine(folder, "report.json");
        File.WriteAllText(json, JsonSerializer.Serialize(ToJson(result), new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        return (markdown, html, json);
    }

    /// <summary>The main table (Method | Accuracy | Precision | Recall | F1 | ROC-AUC | delta) for every noise level, in Markdown.</summary>
    public static string MainTable(ValidationResult result)
    {
        var text = new StringBuilder();
        foreach (var level in result.Synthetic)
        {
            text.Append(Inv, $"**{level.Level}** (peak {level.PeakPhotons:G} photons, read noise {level.ReadNoise:G}; {result.Options.PerClass * 3} images, {result.Options.Folds}-fold × {result.Options.Repeats} repeats; mean [95% interval])\n\n");
            text.Append(ReportTables.Markdown(ReportTables.Level(level, result.Options.TargetDeltaPoints))).Append('\n');
        }

        return text.ToString();
    }

    private static string Cell(Interval i) => ReportTables.Cell(i);

    private static string Markdown(ValidationResult result, string folder, List<(string Title, string Path)> figures)
    {
        var o = result.Options;
        var md = new StringBuilder();
        md.Append("# TACS validation report\n\n");
        md.Append("Does denoising improve automated TACS classification by more than ").Append(o.TargetDeltaPoints.ToString(Inv)).Append(" accuracy points?\n\n");
        md.Append(Inv, $"- command: `{o.CommandLine}`\n- seed {o.Seed}; {o.PerClass} synthetic images per class, {o.Size}×{o.Size} px, boundary band {o.BandWidth:G} px\n");
        md.Append(Inv, $"- cross-validation: {o.Folds}-fold stratified × {o.Repeats} repeats, the same folds for every method; intervals and paired tests with the Nadeau–Bengio corrected resampled t\n");
        md.Append("- plugins: ").Append(string.Join(", ", result.PluginVersions.Select(p => $"{p.Key} {p.Value}"))).Append('\n');
        md.Append(Inv, $"- ran in {result.Seconds:F0} s on {result.Machine}\n\n");
        md.Append("## Answer\n\n");
        foreach (var level in result.Synthetic)
        {
            foreach (var m in level.Methods.Skip(1))
            {
                var d = m.DeltaPoints!.Difference;
                md.Append(Inv, $"- {level.Level}, {m.Method}: delta {d.Mean:+0.0;-0.0;0.0} points, 95% interval [{d.Low:F1}, {d.High:F1}] → **{Verdict(m.DeltaAboveTarget)}**{ToDecide(m)}\n");
            }
        }

        md.Append("\n## Power\n\n").Append(PowerText(result)).Append('\n');
        md.Append(Inv, $"\nFeatures from the clean (1000-photon) images reach accuracy {Cell(result.CleanAccuracy)}: the most denoising could recover.\n\n");
        md.Append("## Phase 1: synthetic images\n\n").Append(MainTable(result));
        md.Append("Time per image (ms): ").Append(string.Join(", ", result.Synthetic[0].Methods.Where(m => m.MillisecondsPerImage > 0).Select(m => string.Create(Inv, $"{m.Method} {m.MillisecondsPerImage:F1}")))).Append("\n\n");
        md.Append("## Phase 2: real images\n\n");
        if (result.RealDenoising.Count == 0 && result.RealClassification.Count == 0)
        {
            md.Append("No real images were given (`--real-noisy`, `--real-collagen`).\n\n");
        }

        if (result.RealDenoising.Count > 0)
        {
            md.Append(ReportTables.Markdown(ReportTables.RealDenoising(result.RealDenoising)));
            md.Append(string.Concat(result.RealDenoising.Where(r => r.Example is not null).Select(r => $"\n{r.Image}, {r.Method}: raw | denoised\n\n![]({r.Example})\n")));

            md.Append("\nNoise σ: median absolute finest diagonal wavelet coefficient / 0.6745. Method-noise structure: correlation of the removed part with the denoised image's negative Laplacian (about 0 when only zero-mean noise was removed, towards 1 when edges were blurred away). A σ near 0 means the estimator finds no fine-scale variation left.\n\n");
        }

        if (result.RealClassification.Count > 0)
        {
            md.Append(ReportTables.Markdown(ReportTables.RealClassification(result.RealClassification)));
            md.Append(string.Concat(result.RealClassification.Where(r => r.FeatureMap is not null).Select(r => $"\n{r.Image}: image | coherency\n\n![]({r.FeatureMap})\n")));

            md.Append('\n');
        }

        md.Append("## Phase 3: robustness\n\n");
        if (result.Robustness.Count == 0)
        {
            md.Append("Not run.\n\n");
        }
        else
        {
            md.Append(Inv, $"Models trained on unchanged images (first repeat's folds, level {result.Robustness[0].Level}), tested on changed test images.\n\n");
            md.Append(ReportTables.Markdown(ReportTables.Robustness(result.Robustness)));

            md.Append('\n');
        }

        md.Append("## Figures\n\n");
        foreach (var (title, path) in figures)
        {
            md.Append("### ").Append(title).Append("\n\n![](").Append(Path.GetRelativePath(folder, path)).Append(")\n\n");
        }

        return md.ToString();
    }

    /// <summary>How the number of images was chosen and what the intervals reached.</summary>
    public static string PowerText(ValidationResult result)
    {
        var o = result.Options;
        var halves = result.Synthetic.SelectMany(l => l.Methods.Where(m => m.DeltaPoints is not null).Select(m => (l.Level, m.Method, Half: Power.HalfWidth(m.DeltaPoints!)))).ToList();
        var text = new StringBuilder();
        if (o.Power is { } plan)
        {
            text.Append(Inv, $"Sized by the {plan.Source}: its widest accuracy-difference interval was ±{plan.PilotHalfWidth:F1} points ({plan.Widest}) at {plan.PilotPerClass} images per class. Half-widths shrink as 1/√n at the same folds, so ±{plan.WantedHalfWidth:G} points needs {plan.NeededPerClass} images per class");
            text.Append(plan.Capped ? string.Create(Inv, $", more than the cap (--max-per-class): this run used {plan.PerClass}.") : string.Create(Inv, $"; this run used {plan.PerClass}."));
        }
        else
        {
            text.Append(Inv, $"{o.PerClass} images per class, as given (--per-class); no pilot sized the study.");
        }

        if (halves.Count > 0)
        {
            var widest = halves.MaxBy(h => h.Half);
            text.Append(Inv, $" Widest interval in this run: ±{widest.Half:F1} points ({widest.Level}, {widest.Method}); ±{o.WantedHalfWidthPoints:G} would need about {Power.PerClassFor(widest.Half, o.PerClass, o.WantedHalfWidthPoints)} images per class.");
        }

        return text.Append('\n').ToString();
    }

    private static string ToDecide(MethodResult m) => m.PerClassToDecide switch
    {
        null => string.Empty,
        int.MaxValue => " (the mean sits on the target: no number of images decides it)",
        var n => string.Create(Inv, $" (about {n} images per class would decide it, if the mean held)"),
    };

    private static string Verdict(string? decision) => decision switch
    {
        "yes" => "yes, more than the target (whole interval above it)",
        "no" => "no (whole interval below the target)",
        _ => "undecided (the interval contains the target)",
    };

    private static string Html(ValidationResult result, List<(string Title, string Path)> figures)
    {
        // The Markdown's content, laid out as HTML with every picture inlined, so the page is one file.
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>TACS validation report</title><style>")
            .Append("body{font:14px/1.5 system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#222}")
            .Append("table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f3f3f3}")
            .Append("img{max-width:100%}code{background:#f3f3f3;padding:1px 4px}.yes{color:#0a7a2f;font-weight:600}.no{color:#a00}.undecided{color:#a66b00}")
            .Append("</style></head><body><h1>TACS validation report</h1>");
        var o = result.Options;
        html.Append(Inv, $"<p>Does denoising improve automated TACS classification by more than {o.TargetDeltaPoints:G} accuracy points?</p>");
        html.Append(Inv, $"<p>Command: <code>{Encode(o.CommandLine)}</code><br>Seed {o.Seed}; {o.PerClass} images per class, {o.Size}×{o.Size} px; {o.Folds}-fold × {o.Repeats} repeats (same folds for every method; corrected resampled t). Plugins: {Encode(string.Join(", ", result.PluginVersions.Select(p => $"{p.Key} {p.Value}")))}. {result.Seconds:F0} s on {Encode(result.Machine)}.</p>");
        html.Append("<h2>Power</h2><p>").Append(Encode(PowerText(result))).Append("</p>");
        html.Append(Inv, $"<p>Clean-image accuracy (upper bound): {Cell(result.CleanAccuracy)}</p>");
        foreach (var level in result.Synthetic)
        {
            html.Append(Inv, $"<h2>{Encode(level.Level)}: peak {level.PeakPhotons:G} photons, read noise {level.ReadNoise:G}</h2>");
            html.Append(ReportTables.Html(ReportTables.Level(level, o.TargetDeltaPoints)));
        }

        if (result.RealDenoising.Count > 0)
        {
            html.Append("<h2>Real noisy images</h2>").Append(ReportTables.Html(ReportTables.RealDenoising(result.RealDenoising)));
        }

        if (result.RealClassification.Count > 0)
        {
            html.Append("<h2>Real collagen images</h2>").Append(ReportTables.Html(ReportTables.RealClassification(result.RealClassification)));
        }

        if (result.Robustness.Count > 0)
        {
            html.Append("<h2>Robustness</h2>").Append(ReportTables.Html(ReportTables.Robustness(result.Robustness)));
        }

        var pictures = figures.Concat(result.RealDenoising.Where(r => r.Example is not null).Select(r => ($"{r.Image}, {r.Method}: raw | denoised", r.Example!)))
            .Concat(result.RealClassification.Where(r => r.FeatureMap is not null).Select(r => ($"{r.Image}: image | coherency", r.FeatureMap!)));
        foreach (var (title, path) in pictures)
        {
            var full = Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(figures[0].Path)!, "..", path);
            if (File.Exists(full))
            {
                html.Append("<h3>").Append(Encode(title)).Append("</h3><img alt=\"").Append(Encode(title)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(File.ReadAllBytes(full))).Append("\">");
            }
        }

        return html.Append("</body></html>").ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static object ToJson(ValidationResult r) => new
    {
        options = new
        {
            r.Options.Size, r.Options.PerClass, r.Options.BandWidth, r.Options.Folds, r.Options.Repeats, r.Options.Seed, r.Options.Methods,
            levels = r.Options.Levels, r.Options.TargetDeltaPoints, r.Options.WantedHalfWidthPoints, r.Options.RobustnessPerClass, power = r.Options.Power,
            r.Options.RealNoisyImages, r.Options.RealCollagenImages, r.Options.CommandLine,
        },
        plugins = r.PluginVersions,
        cleanAccuracy = r.CleanAccuracy,
        synthetic = r.Synthetic.Select(l => new
        {
            l.Level, l.PeakPhotons, l.ReadNoise,
            methods = l.Methods.Select(m => new
            {
                m.Method, m.Chain, m.Psnr, m.Ssim, m.MillisecondsPerImage, m.Accuracy, m.Precision, m.Recall, m.F1, m.RocAuc,
                deltaPoints = m.DeltaPoints, deltaAboveTarget = m.DeltaAboveTarget, perClassToDecide = m.PerClassToDecide, m.FoldAccuracies, m.Classes,
                confusion = Enumerable.Range(0, m.Classes.Count).Select(t => Enumerable.Range(0, m.Classes.Count).Select(p => m.Confusion[t, p]).ToArray()).ToArray(),
            }),
        }),
        realDenoising = r.RealDenoising,
        realClassification = r.RealClassification,
        robustness = r.Robustness,
        seconds = r.Seconds,
        machine = r.Machine,
    };
}
