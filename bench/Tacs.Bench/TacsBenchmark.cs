using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using Tacs.Collagen.Boundaries;
using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;
using Tacs.Collagen.Metrics;
using Tacs.Collagen.Synthesis;
using Tacs.Host.Imaging;

namespace Tacs.Bench;

/// <summary>
/// TACS targets: feature time of a 512×512 image (ratio to an OpenCV Gaussian blur of the same image, the
/// baseline in this process), training time on 600 images, cross-validated accuracy on clean synthetic
/// images and at each noise level, nuisance checks (one-feature classifiers on intensity and density), and
/// the real SHG images through features and the boundary-free model.
/// </summary>
internal sealed class TacsBenchmark : IBenchmark
{
    public string Name => "tacs";

    public string Description => "TACS features (ms per 512² image), training time, CV accuracy clean and per noise level, the shipped model on fresh images per noise level and on focal TACS-3 (--per-class 200 --size N --seed N --levels LIST --folds N --repeats N --timing-only --shipped-only --shipped-per-class 50 --skip-shipped --classic: images as generated before issue 20; --model FILE[,FILE…] instead of the shipped default.zip, each scored on the same images).";

    public IReadOnlyList<string> Options => ["timing-only", "folds", "per-class", "repeats", "seed", "size", "levels", "shipped-only", "shipped-per-class", "skip-shipped", "classic", "model"];

    public int Run(string[] args)
    {
        var a = new BenchArgs(args);
        var perClass = a.Int("per-class", 200);
        var size = a.Int("size", 512);
        var seed = a.Int("seed", 7);
        var folds = a.Int("folds", 5);
        var repeats = a.Int("repeats", 2);
        var levels = NoiseLevel.ParseList(a.String("levels", "10,3,1"), 3);
        var classic = a.Flag("classic");
        var options = classic
            ? new SynthOptions { Size = size, NoiseLevels = levels, Realism = false, Tacs3Pattern = Tacs3Pattern.Diffuse }
            : new SynthOptions { Size = size, NoiseLevels = levels };
        Console.WriteLine($"tacs benchmark: {perClass} images per class, {size}×{size}, seed {seed}, noise levels {string.Join(", ", levels.Select(l => l.Name))}{(classic ? ", classic images (no dense stroma, autofluorescence or extra background; diffuse TACS-3 only)" : string.Empty)}, {Environment.ProcessorCount} cores");

        if (a.Flag("shipped-only"))
        {
            ShippedModelCheck.Run(options, a.Int("shipped-per-class", 50), seed, a.String("model", string.Empty));
            return 0;
        }

        FeatureTiming(options, seed);
        if (a.Flag("timing-only"))
        {
            return 0;
        }

        var sets = MeasureSet(options, perClass, seed);
        TrainingTiming(sets["clean"]);
        Accuracy(sets, folds, repeats, seed);
        RealImages(sets["clean"]);
        if (!a.Flag("skip-shipped"))
        {
            ShippedModelCheck.Run(options, a.Int("shipped-per-class", 50), seed, a.String("model", string.Empty));
        }

        return 0;
    }

    private static void FeatureTiming(SynthOptions options, int seed)
    {
        var sample = CollagenSynthesizer.Generate(options, TacsClass.Tacs3, seed);
        var pixels = sample.Noisy.Count > 0 ? sample.Noisy[0].Pixels : sample.Clean;
        const int runs = 20;
        for (var i = 0; i < 3; i++)
        {
            FibreFeatureExtractor.Extract(pixels, sample.Width, sample.Height, sample.Boundary);
        }

        var (baseline, baselineCpu) = Time(runs, () =>
        {
            using var src = Mat.FromPixelData(sample.Height, sample.Width, MatType.CV_32FC1, pixels);
            using var dst = new Mat();
            Cv2.GaussianBlur(src, dst, new Size(0, 0), 1.0);
        });
        // The boundary is rebuilt from its polygon in every run: its distance and normal fields are part of the cost.
        var polygon = sample.Boundary.Polygon;
        var (withBoundary, withBoundaryCpu) = Time(runs, () => FibreFeatureExtractor.Extract(pixels, sample.Width, sample.Height, TumourBoundary.FromPolygon(polygon, sample.Width, sample.Height)));
        var (withoutBoundary, withoutBoundaryCpu) = Time(runs, () => FibreFeatureExtractor.Extract(pixels, sample.Width, sample.Height, null));
        Console.WriteLine();
        Console.WriteLine($"Feature extraction, one {sample.Width}×{sample.Height} image (noisy, {sample.Noisy.Count switch { 0 => "clean", _ => sample.Noisy[0].Level.Name }}), median of {runs} runs, one image at a time (its three stages in parallel), load average {LoadAverage()} (target ≤ 100 ms with boundary)");
        Print(["step", "wall ms", "CPU ms", "× Gaussian blur σ=1 (wall)"],
        [
            ["Gaussian blur σ=1 (baseline)", F(baseline), F(baselineCpu), "1.0"],
            ["features with boundary", F(withBoundary), F(withBoundaryCpu), F(withBoundary / baseline, "F0")],
            ["features without boundary", F(withoutBoundary), F(withoutBoundaryCpu), F(withoutBoundary / baseline, "F0")],
        ]);
        Console.WriteLine("(CPU ms: processor time of this process per run, mean over the runs; it is what the work costs when the machine is shared.)");
    }

    private static Dictionary<string, List<(TrainingExample WithBoundary, TrainingExample Free, double MeanIntensity)>> MeasureSet(SynthOptions options, int perClass, int seed)
    {
        var names = new[] { "clean" }.Concat(options.NoiseLevels.Select(l => l.Name)).ToArray();
        var results = names.ToDictionary(n => n, _ => new ConcurrentBag<(int, TrainingExample, TrainingExample, double)>());
        var watch = Stopwatch.StartNew();
        var featureTicks = 0L;
        Parallel.For(0, perClass * 3, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var sample = CollagenSynthesizer.Generate(options, TacsClassNames.All[i % 3], CollagenSynthesizer.SeedOf(seed, i), i);
            var images = new[] { sample.Clean }.Concat(sample.Noisy.Select(n => n.Pixels)).ToArray();
            for (var k = 0; k < images.Length; k++)
            {
                var started = Stopwatch.GetTimestamp();
                var full = FibreFeatureExtractor.Extract(images[k], sample.Width, sample.Height, sample.Boundary);
                var free = FibreFeatureExtractor.Extract(images[k], sample.Width, sample.Height, null);
                Interlocked.Add(ref featureTicks, Stopwatch.GetTimestamp() - started);
                var label = sample.Label.Name();
                results[names[k]].Add((i, new TrainingExample(label, full, sample.Id), new TrainingExample(label, free, sample.Id), images[k].Average()));
            }
        });
        Console.WriteLine();
        Console.WriteLine($"Generated {perClass * 3} images × {names.Length} versions and measured them (with and without boundary) in {watch.Elapsed.TotalSeconds:F1} s wall time ({featureTicks / (double)Stopwatch.Frequency:F1} s of feature work).");
        return names.ToDictionary(n => n, n => results[n].OrderBy(r => r.Item1).Select(r => (r.Item2, r.Item3, r.Item4)).ToList());
    }

    private static void TrainingTiming(List<(TrainingExample WithBoundary, TrainingExample Free, double MeanIntensity)> clean)
    {
        var examples = clean.Select(c => c.WithBoundary).ToArray();
        TacsModel.Train(examples, new TrainingOptions { Trees = 10 }); // warm-up: JIT and ML.NET catalogues
        var tenTrees = Time(1, () => TacsModel.Train(examples, new TrainingOptions { Trees = 10 })).Wall;
        var full = Time(1, () => TacsModel.Train(examples)).Wall;
        Console.WriteLine();
        Console.WriteLine($"Training on {examples.Length} images (features already measured; target ≤ 60 s)");
        Print(["model", "ms", "× 10-tree baseline"],
        [
            ["OvA FastForest, 10 trees (baseline)", F(tenTrees), "1.0"],
            ["OvA FastForest, 100 trees", F(full), F(full / tenTrees, "F1")],
        ]);
    }

    private static void Accuracy(Dictionary<string, List<(TrainingExample WithBoundary, TrainingExample Free, double MeanIntensity)>> sets, int folds, int repeats, int seed)
    {
        Console.WriteLine();
        Console.WriteLine($"Repeated stratified {folds}-fold cross-validation × {repeats}, seed {seed}: mean ± standard deviation over folds (target: clean accuracy ≥ 0.95)");
        var rows = new List<string[]>();
        foreach (var (name, set) in sets)
        {
            var full = CrossValidation.RepeatedStratifiedKFold([.. set.Select(s => s.WithBoundary)], folds, repeats, seed);
            var before = CrossValidation.RepeatedStratifiedKFold([.. set.Select(s => s.WithBoundary)], folds, repeats, seed, new TrainingOptions { FeatureNames = Version10Features });
            var shallow = CrossValidation.RepeatedStratifiedKFold([.. set.Select(s => s.WithBoundary)], folds, repeats, seed, new TrainingOptions { Leaves = 20 });
            var free = CrossValidation.RepeatedStratifiedKFold([.. set.Select(s => s.Free)], folds, repeats, seed);
            var intensity = CrossValidation.RepeatedStratifiedKFold([.. set.Select(s => OneFeature(s.WithBoundary, "mean_intensity", s.MeanIntensity))], folds, repeats, seed, new TrainingOptions { FeatureNames = ["mean_intensity"] });
            var density = CrossValidation.RepeatedStratifiedKFold([.. set.Select(s => OneFeature(s.WithBoundary, "area_fraction", s.WithBoundary.Features["area_fraction"]))], folds, repeats, seed, new TrainingOptions { FeatureNames = ["area_fraction"] });
            rows.Add([name, full.Accuracy.ToString(), full.MacroF1.ToString(), full.MacroRocAuc.ToString(), shallow.Accuracy.ToString(), before.Accuracy.ToString(), free.Accuracy.ToString(), intensity.Accuracy.ToString(), density.Accuracy.ToString()]);
        }

        Print(["images", "accuracy (boundary model)", "macro F1", "macro ROC-AUC", "accuracy (20 leaves)", "accuracy (v1.0 features)", "accuracy (boundary-free)", "mean intensity only", "area fraction only"], rows);
        Console.WriteLine($"(Boundary model: {new TrainingOptions().Trees} trees of up to {new TrainingOptions().Leaves} leaves per class, the default; 20 leaves: ML.NET's default, used until the fourteenth session. v1.0 features: the 19 classifier features before the per-arc ones of issue 20, on the same images.)");

        var clean = sets["clean"];
        var model = TacsModel.Train([.. clean.Select(c => c.WithBoundary)]);
        Console.WriteLine();
        Console.WriteLine("Class means of the defining features (clean images)");
        string[] shown = ["boundary_rel_angle_mean", "boundary_frac_above_60", "boundary_frac_below_30", "boundary_rel_alignment", "fibre_straightness_mean", "st_coherency_local", "area_fraction", "fibre_width_mean"];
        Print(["feature", .. model.Classes],
            [.. shown.Select(f => (string[])[f, .. model.Classes.Select(c => F(clean.Where(s => s.WithBoundary.Label == c).Average(s => s.WithBoundary.Features[f]), "F3"))])]);
    }

    private static void RealImages(List<(TrainingExample WithBoundary, TrainingExample Free, double MeanIntensity)> clean)
    {
        string folder;
        try
        {
            folder = Repo.SharedData("shg");
        }
        catch (DirectoryNotFoundException ex)
        {
            Console.WriteLine($"Real SHG images skipped: {ex.Message}");
            return;
        }

        var model = TacsModel.Train([.. clean.Select(c => c.Free)]);
        Console.WriteLine();
        Console.WriteLine("Real SHG images (no boundary: boundary-free features and a boundary-free model trained on the clean set)");
        var rows = new List<string[]>();
        foreach (var path in ImageFiles.InFolder(folder))
        {
            using var source = ImageFiles.Open(path);
            var frame = source.ReadPage(0);
            var features = FibreFeatureExtractor.Extract(frame, null);
            var prediction = model.Predict(features);
            rows.Add([Path.GetFileName(path), $"{frame.Width}×{frame.Height}", F(features["fibre_count"], "F0"), F(features["fibre_straightness_mean"], "F3"), F(features["st_coherency_global"], "F3"), prediction.Label, string.Join(" ", prediction.Probabilities.Select(p => $"{p.Key}={p.Value:F2}"))]);
        }

        Print(["image", "size", "fibres", "straightness", "coherency", "label", "probabilities"], rows);
    }

    // The classifier features of feature version 1.0 (before issue 20's length-weighted and per-arc features).
    private static readonly string[] Version10Features =
    [
        "st_coherency_local", "st_coherency_global", "fibre_alignment", "fibre_length_mean", "fibre_straightness_mean", "fibre_width_mean",
        "skeleton_length_density", "end_points_per_100px", "branch_points_per_100px", "area_fraction", "fibres_per_box",
        "boundary_rel_angle_mean", "boundary_frac_above_60", "boundary_frac_below_30", "boundary_st_rel_angle_mean", "boundary_rel_alignment",
        "boundary_fibre_distance_mean", "boundary_band_area_fraction", "boundary_band_straightness",
    ];

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static TrainingExample OneFeature(TrainingExample example, string name, double value) =>
        example with { Features = new FeatureVector([name], [value], false, []) };

    /// <summary>Median wall time and mean processor time of <paramref name="runs"/> runs, ms.</summary>
    private static (double Wall, double Cpu) Time(int runs, Action action)
    {
        var times = new double[runs];
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuStart = process.TotalProcessorTime;
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuStart).TotalMilliseconds / runs;
        Array.Sort(times);
        return (times[runs / 2], cpu);
    }

    private static string F(double value, string format = "F1") => value.ToString(format, CultureInfo.InvariantCulture);

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
}
