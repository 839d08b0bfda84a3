using System.Diagnostics;
using Serilog;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Plugins;
using Tacs.Host.Quality;
using Tacs.Host.Synthetic;
using Tacs.Host.Synthetic.Scenes;
using Tacs.Sdk.Frames;
using Tacs.Torch.Inference;
using Tacs.Torch.Noise;
using Tacs.Torch.Weights;
using static Tacs.Bench.DrunetBenchmark;

namespace Tacs.Bench;

/// <summary>
/// The blind DRUNet on data it never saw (issue 19): held-out fluorescence (structure kinds and a generator never used in
/// training, fresh seeds) over camera noise levels, and Set12 at three Gaussian levels, each next to BM3D and the
/// Gaussian run through the installed plugins on the same images.
/// </summary>
internal static class DrunetBlindQuality
{
    private static readonly double[] Peaks = [1, 3, 10, 30, 100];
    private static readonly double[] ReadNoises = [1, 3, 5];
    private static readonly double[] GaussianSigmas = [0.5, 1, 1.5, 2, 3];
    private const double Gain = 2, Offset = 100;
    private const int Side = 256;

    /// <summary>The chains run by default on the fluorescence images; {weights} is the weights file under test.</summary>
    public const string DefaultFluoChains = "gaussian;bm3d(noise=poisson-gaussian);drunet(weights={weights});drunet(noise=poisson-gaussian, weights={weights})";

    /// <summary>Held-out fluorescence scenes at peak 1–100 photo-electrons and read noise 1–5.</summary>
    public static void Fluorescence(string weights, BenchArgs options)
    {
        var chains = options.String("blind-chains", DefaultFluoChains).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.Replace("{weights}", weights, StringComparison.Ordinal)).ToList();
        var perCell = options.Int("blind-images", 1);
        var firstSeed = options.Int("blind-seed", 70_001);
        using var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = Repo.PluginsFolder }, Log.Logger);
        catalog.LoadAll();
        // A chain with {gain}, {read} or {offset} is told each image's true camera parameters (built per image).
        var built = chains.Select(text => (Text: text, Chain: text.Contains('{', StringComparison.Ordinal) ? null : ChainBuilder.Build(text, catalog, Log.Logger))).ToList();
        var gaussians = GaussianSigmas.Select(s => ChainBuilder.Build($"gaussian(sigma={F(s, "G3")})", catalog, Log.Logger)).ToList();
        string[] kinds = ["filaments", "fibres", "cells (FluorescenceScene)"];
        var metadata = WeightsFile.ReadMetadata(weights);
        Console.WriteLine($"## Held-out fluorescence: {string.Join(", ", kinds)}; {Side}², gain {Gain}, offset {Offset}, saved as 16-bit; read noise {string.Join(", ", ReadNoises)} e⁻ and {perCell} image(s) per kind, level and read noise (seeds from {firstSeed}, never used in training)");
        Console.WriteLine($"Weights under test: {Path.GetFileName(weights)}: {metadata.Method} on {metadata.Data}, {metadata.Steps} steps, {F(metadata.TrainingSeconds / 60, "F1")} min; trained by: {metadata.Command}");
        Console.WriteLine("PSNR in dB against the clean scene, peak = signal span (peak photo-electrons × gain). 'gaussian, best σ' is an oracle: per image the best of σ " + string.Join(", ", GaussianSigmas) + ".");
        Console.WriteLine();
        var columns = new List<string> { "noisy" };
        columns.AddRange(chains);
        columns.Add("gaussian, best σ (oracle)");
        var sums = new Dictionary<(double Peak, string Kind), double[]>();
        var seconds = new double[chains.Count];
        var seed = firstSeed;
        foreach (var peak in Peaks)
        {
            foreach (var kind in kinds)
            {
                var row = new double[columns.Count];
                var count = 0;
                foreach (var read in ReadNoises)
                {
                    for (var k = 0; k < perCell; k++)
                    {
                        var random = new Random(seed++);
                        var scene = kind.StartsWith("cells", StringComparison.Ordinal) ? FluorescenceScene.Draw(Side, Side, 1.0, random) : StructureScene.Draw(StructureKinds.Parse(kind), Side, Side, random);
                        var clean = scene.Select(v => (float)((v * peak * Gain) + Offset)).ToArray();
                        var noisy = new float[clean.Length];
                        new NoiseModel(Gain, read * Gain, Offset).Apply(scene.Select(v => (float)(v * peak * Gain)).ToArray(), noisy, random);
                        for (var i = 0; i < noisy.Length; i++)
                        {
                            noisy[i] = MathF.Round(Math.Clamp(noisy[i], 0, 65535));
                        }

                        var span = peak * Gain;
                        row[0] += ImageQuality.Psnr(clean, noisy, span);
                        for (var c = 0; c < built.Count; c++)
                        {
                            var watch = Stopwatch.StartNew();
                            var chain = built[c].Chain ?? ChainBuilder.Build(built[c].Text.Replace("{gain}", F(Gain, "G6"), StringComparison.Ordinal).Replace("{read}", F(read * Gain, "G6"), StringComparison.Ordinal).Replace("{offset}", F(Offset, "G6"), StringComparison.Ordinal), catalog, Log.Logger);
                            var output = chain.Process(new ImageFrame(Side, Side, (float[])noisy.Clone(), SampleFormat.UInt16)).Pixels;
                            seconds[c] += watch.Elapsed.TotalSeconds;
                            row[c + 1] += ImageQuality.Psnr(clean, output, span);
                        }

                        row[^1] += gaussians.Max(g => ImageQuality.Psnr(clean, g.Process(new ImageFrame(Side, Side, (float[])noisy.Clone(), SampleFormat.UInt16)).Pixels, span));
                        count++;
                    }
                }

                sums[(peak, kind)] = row.Select(v => v / count).ToArray();
            }
        }

        Console.WriteLine("| peak (photo-electrons) | " + string.Join(" | ", columns) + " |");
        Console.WriteLine("|---|" + string.Concat(columns.Select(_ => "---|")));
        foreach (var peak in Peaks)
        {
            var mean = Enumerable.Range(0, columns.Count).Select(c => kinds.Average(k => sums[(peak, k)][c]));
            Console.WriteLine($"| {peak} | " + string.Join(" | ", mean.Select(v => F(v))) + " |");
        }

        var overall = Enumerable.Range(0, columns.Count).Select(c => sums.Values.Average(v => v[c]));
        Console.WriteLine("| **mean over levels** | " + string.Join(" | ", overall.Select(v => F(v))) + " |");
        Console.WriteLine();
        Console.WriteLine("By kind (mean over levels):");
        Console.WriteLine();
        Console.WriteLine("| kind | " + string.Join(" | ", columns) + " |");
        Console.WriteLine("|---|" + string.Concat(columns.Select(_ => "---|")));
        foreach (var kind in kinds)
        {
            var mean = Enumerable.Range(0, columns.Count).Select(c => Peaks.Average(p => sums[(p, kind)][c]));
            Console.WriteLine($"| {kind} | " + string.Join(" | ", mean.Select(v => F(v))) + " |");
        }

        Console.WriteLine();
        var images = Peaks.Length * kinds.Length * ReadNoises.Length * perCell;
        Console.WriteLine("Time per 256² image: " + string.Join("; ", chains.Select((c, i) => $"{c}: {F(seconds[i] / images * 1000, "F0")} ms")));
        Console.WriteLine();
    }

    /// <summary>Set12 at σ 15, 25 and 50 (noise drawn once per σ with seed 0, no clipping): the weights told σ, blind (σ
    /// estimated), with the x8 ensemble, next to the BM3D and Gaussian plugins on the same noisy images.</summary>
    public static void Set12(string weights, BenchArgs options)
    {
        double[] published = [32.37, 29.97, 26.72];
        double[] sigmas = [15, 25, 50];
        using var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = Repo.PluginsFolder }, Log.Logger);
        catalog.LoadAll();
        var (network, metadata) = WeightsFile.Load(weights);
        using (network)
        {
            var plain = new FrameDenoiser(network, TilingOptions.Default);
            var ensemble = new FrameDenoiser(network, TilingOptions.Default, selfEnsemble: true);
            var files = ImageFiles.InFolder(Repo.SharedData("set12")).Take(options.Int("images", 12)).ToList();
            var withBm3d = options.String("blind-set12-bm3d", "yes") != "no";
            Console.WriteLine($"## Set12 at σ 15, 25, 50, weights {Path.GetFileName(weights)} ({metadata.Method} on {metadata.Data}, {metadata.Steps} steps)");
            Console.WriteLine();
            Console.WriteLine("| σ | noisy | BM3D (published) | bm3d plugin | gaussian, best σ | DRUNet told σ | DRUNet blind (σ estimated) | DRUNet noise=auto (model and level estimated) | DRUNet told σ, x8 | ms per image: told σ / x8 |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            for (var s = 0; s < sigmas.Length; s++)
            {
                var sigma = sigmas[s];
                var random = new Random(0);
                var bm3d = withBm3d ? ChainBuilder.Build($"bm3d(sigma={F(sigma, "G3")})", catalog, Log.Logger) : null;
                double noisyTotal = 0, told = 0, blind = 0, auto = 0, x8 = 0, bm3dTotal = 0, gaussTotal = 0, toldSeconds = 0, x8Seconds = 0;
                foreach (var file in files)
                {
                    using var source = ImageFiles.Open(file);
                    var clean = source.ReadPage(0);
                    var noisy = clean.Pixels.Select(v => (float)(v + (sigma * NoiseModel.Gaussian(random)))).ToArray();
                    noisyTotal += ImageQuality.Psnr(clean.Pixels, noisy, 255);
                    var watch = Stopwatch.StartNew();
                    told += ImageQuality.Psnr(clean.Pixels, plain.Denoise(noisy, clean.Width, clean.Height, SampleFormat.Float32, NoiseSpec.Gaussian(sigma)).Pixels, 255);
                    toldSeconds += watch.Elapsed.TotalSeconds;
                    blind += ImageQuality.Psnr(clean.Pixels, plain.Denoise(noisy, clean.Width, clean.Height, SampleFormat.Float32, NoiseSpec.Gaussian()).Pixels, 255);
                    auto += ImageQuality.Psnr(clean.Pixels, plain.Denoise(noisy, clean.Width, clean.Height, SampleFormat.Float32, NoiseSpec.Auto()).Pixels, 255);
                    watch.Restart();
                    x8 += ImageQuality.Psnr(clean.Pixels, ensemble.Denoise(noisy, clean.Width, clean.Height, SampleFormat.Float32, NoiseSpec.Gaussian(sigma)).Pixels, 255);
                    x8Seconds += watch.Elapsed.TotalSeconds;
                    if (bm3d is not null)
                    {
                        bm3dTotal += ImageQuality.Psnr(clean.Pixels, bm3d.Process(new ImageFrame(clean.Width, clean.Height, (float[])noisy.Clone(), SampleFormat.Float32)).Pixels, 255);
                    }

                    gaussTotal += GaussianSigmas.Concat([2.5, 4]).Max(g => ImageQuality.Psnr(clean.Pixels, ChainBuilder.Build($"gaussian(sigma={F(g, "G3")})", catalog, Log.Logger).Process(new ImageFrame(clean.Width, clean.Height, (float[])noisy.Clone(), SampleFormat.Float32)).Pixels, 255));
                }

                var n = files.Count;
                Console.WriteLine($"| {sigma} | {F(noisyTotal / n)} | {published[s]} | {(bm3d is null ? "–" : F(bm3dTotal / n))} | {F(gaussTotal / n)} | {F(told / n)} | {F(blind / n)} | {F(auto / n)} | {F(x8 / n)} | {F(toldSeconds / n * 1000, "F0")} / {F(x8Seconds / n * 1000, "F0")} |");
            }

            Console.WriteLine();
        }
    }
}
