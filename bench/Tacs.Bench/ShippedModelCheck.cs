using System.Collections.Concurrent;
using System.Globalization;
using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;
using Tacs.Collagen.Synthesis;

namespace Tacs.Bench;

/// <summary>
/// The shipped boundary model as users get it, on freshly generated images (seeds other than its training set's),
/// without denoising, at each noise level: accuracy, recall per class, how often it answers "uncertain", and the
/// same on TACS-3 images whose perpendicular fibres lie over one arc of the boundary only (focal and mixed).
/// </summary>
internal static class ShippedModelCheck
{
    /// <param name="models">Comma-separated model files (empty: the shipped default.zip); every one is scored on the
    /// same images, whose features are measured once.</param>
    public static void Run(SynthOptions options, int perClass, int seed, string models = "")
    {
        var paths = models.Length > 0
            ? models.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFullPath).ToArray()
            : [Path.Combine(Repo.Root, "plugins", "Tacs.Classifier", "Models", "default.zip")];
        var loaded = paths.Select(TacsModel.Load).ToArray();
        if (loaded.Select(m => m.Metadata.BandWidth).Distinct().Count() > 1)
        {
            throw new ArgumentException("--model: the models were trained with different band widths; score them in separate runs.");
        }

        var names = new[] { "clean" }.Concat(options.NoiseLevels.Select(l => l.Name)).ToArray();
        var band = loaded[0].Metadata.BandWidth;
        var generalImages = Measure(options, perClass * 3, i => TacsClassNames.All[i % 3], Tacs3Pattern.Any, seed, names, band);
        var focalImages = Measure(options, perClass, _ => TacsClass.Tacs3, Tacs3Pattern.Focal, seed + 1000, names, band, alternate: Tacs3Pattern.Mixed);
        for (var m = 0; m < loaded.Length; m++)
        {
            Report(loaded[m], paths[m], models.Length > 0, names, perClass, seed, Predict(loaded[m], generalImages), Predict(loaded[m], focalImages));
        }
    }

    private static void Report(TacsModel shipped, string path, bool given, string[] names, int perClass, int seed, Dictionary<string, List<Scored>> general, Dictionary<string, List<Scored>> focal)
    {
        Console.WriteLine();
        Console.WriteLine($"{(given ? "Model" : "Shipped model")} {Path.GetRelativePath(Repo.Root, path)} (trained by: {shipped.Metadata.Command}; {shipped.Metadata.DataDescription}; {shipped.Metadata.Trees} trees, {(shipped.Metadata.Leaves == 0 ? 20 : shipped.Metadata.Leaves)} leaves)");
        Console.WriteLine($"on fresh images: {perClass} per class (TACS-3 patterns mixed as the generator draws them) plus {perClass} focal/mixed TACS-3, seed {seed}, no denoising");
        var rows = new List<string[]>();
        foreach (var name in names)
        {
            var g = general[name];
            var f = focal[name];
            rows.Add(
            [
                name,
                F(g.Count(r => r.Truth == r.Prediction.Label) / (double)g.Count),
                .. TacsClassNames.All.Select(c => F(Recall(g, c.Name()))),
                F(g.Count(r => r.Prediction.Uncertain) / (double)g.Count),
                F(g.Where(r => !r.Prediction.Uncertain).Select(r => r.Truth == r.Prediction.Label ? 1.0 : 0.0).DefaultIfEmpty(double.NaN).Average()),
                F(f.Count(r => r.Prediction.Label == "TACS-3") / (double)f.Count),
                F(f.Count(r => r.Prediction.Uncertain) / (double)f.Count),
            ]);
        }

        Print(["images", "accuracy", "recall TACS-1", "recall TACS-2", "recall TACS-3", "uncertain", "accuracy when certain", "focal/mixed TACS-3 recall", "focal uncertain"], rows);
        Console.WriteLine("(targets: accuracy ≥ 0.95 at p3 and ≥ 0.85 at p1; focal/mixed TACS-3 ≥ 0.90. Accuracy counts the most probable class, uncertain answers included.)");

        var arcs = focal["clean"];
        Console.WriteLine();
        Console.WriteLine("Focal/mixed TACS-3, clean: band-wide against per-arc perpendicular fraction (mean over images)");
        Print(["feature", "mean"],
        [
            ["boundary_frac_above_60 (band-wide)", F(arcs.Average(r => r.Features["boundary_frac_above_60"]))],
            ["boundary_lw_frac_above_60 (band-wide, length-weighted)", F(arcs.Average(r => r.Features["boundary_lw_frac_above_60"]))],
            ["boundary_arc_max_frac_above_60 (best arc)", F(arcs.Average(r => r.Features["boundary_arc_max_frac_above_60"]))],
            ["boundary_arc_perpendicular_coverage", F(arcs.Average(r => r.Features["boundary_arc_perpendicular_coverage"]))],
        ]);

        if (!shipped.FeatureNames.Contains("boundary_arc_coarse_max_order"))
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine("Largest arc orientation order, fine (σ = 1 px) and coarse (σ = 5 px): TACS-1 against focal/mixed TACS-3, mean ± standard deviation over images");
        string Spread(IEnumerable<Scored> of, string feature)
        {
            var values = of.Select(r => r.Features[feature]).ToArray();
            var mean = values.Average();
            return $"{F(mean)} ± {F(Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Length - 1)))}";
        }

        Print(["images", "fine, TACS-1", "fine, focal TACS-3", "coarse, TACS-1", "coarse, focal TACS-3"],
        [
            .. names.Select(name => new[]
            {
                name,
                Spread(general[name].Where(r => r.Truth == "TACS-1"), "boundary_arc_st_max_order"),
                Spread(focal[name], "boundary_arc_st_max_order"),
                Spread(general[name].Where(r => r.Truth == "TACS-1"), "boundary_arc_coarse_max_order"),
                Spread(focal[name], "boundary_arc_coarse_max_order"),
            }),
        ]);
    }

    private static double Recall(List<Scored> rows, string label)
    {
        var of = rows.Where(r => r.Truth == label).ToArray();
        return of.Length == 0 ? double.NaN : of.Count(r => r.Prediction.Label == label) / (double)of.Length;
    }

    private static Dictionary<string, List<Measured>> Measure(SynthOptions options, int count, Func<int, TacsClass> label, Tacs3Pattern pattern, int seed, string[] names, double band, Tacs3Pattern? alternate = null)
    {
        var results = names.ToDictionary(n => n, _ => new ConcurrentBag<(int, Measured)>());
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var chosen = alternate is { } other && i % 2 == 1 ? other : pattern;
            var sample = CollagenSynthesizer.Generate(new SynthOptions { Size = options.Size, NoiseLevels = options.NoiseLevels, Tacs3Pattern = chosen }, label(i), CollagenSynthesizer.SeedOf(seed, i), i);
            var images = new[] { sample.Clean }.Concat(sample.Noisy.Select(n => n.Pixels)).ToArray();
            for (var k = 0; k < images.Length; k++)
            {
                var features = FibreFeatureExtractor.Extract(images[k], sample.Width, sample.Height, sample.Boundary, new FeatureOptions { BandWidth = band });
                results[names[k]].Add((i, new Measured(sample.Label.Name(), features)));
            }
        });
        return names.ToDictionary(n => n, n => results[n].OrderBy(r => r.Item1).Select(r => r.Item2).ToList());
    }

    private static Dictionary<string, List<Scored>> Predict(TacsModel model, Dictionary<string, List<Measured>> images) =>
        images.ToDictionary(kv => kv.Key, kv => model.PredictMany([.. kv.Value.Select(m => m.Features)]).Select((p, i) => new Scored(kv.Value[i].Truth, p, kv.Value[i].Features)).ToList());

    private static string F(double value) => double.IsNaN(value) ? "-" : value.ToString("F3", CultureInfo.InvariantCulture);

    private static void Print(IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        Console.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Console.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }

    private sealed record Measured(string Truth, FeatureVector Features);

    private sealed record Scored(string Truth, TacsPrediction Prediction, FeatureVector Features);
}
