using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using Tacs.Sdk.Frames;
using Tacs.Torch;
using Tacs.Torch.Inference;
using Tacs.Torch.Model;
using Tacs.Torch.Noise;
using Tacs.Torch.Training;
using Tacs.Torch.Weights;

namespace Tacs.Bench;

/// <summary>
/// DRUNet: speed of candidate sizes (ratio to OpenCV's Gaussian blur on the same frame, same process), training
/// steps per second, Set12 σ=25 quality of the shipped weights, synthetic fluorescence self-supervised vs
/// supervised vs other denoisers, and the real Hagen confocal image.
/// </summary>
internal sealed class DrunetBenchmark : IBenchmark
{
    public string Name => "drunet";

    public bool UsesTorch => true;

    public string Description => "DRUNet speed, Set12 σ=25, synthetic fluorescence (self-supervised vs supervised vs --compare chains), Hagen, and the blind weights on held-out fluorescence and Set12 at σ 15/25/50 (--parts speed,speed-default (--speed-chains \"a;b\", first the baseline; --speed-sides 512,2048),set12,fluo,hagen,blind-fluo,blind-set12,finetune,subsample-auto --blind-chains \"a;b\" ({weights} = --weights; {gain}, {read}, {offset}: each image's true camera parameters) --blind-images 1 --blind-seed 70001 (first scene seed; another value draws other scenes) --blind-set12-bm3d yes|no; finetune: --finetune-steps 200,600 --finetune-method r2r,sure-pg --finetune-seed 90001 --fluo-steps 300 --fluo-method sure,sure-pg,r2r,n2n --fluo-levels low,bright --fluo-train-images 10 --fluo-seed 1 --fluo-blocks N --fluo-audit --fluo-noisy-pairs --sure-pg-window -1 (estimate; 0 own value; odd N: N×N neighbours) --sure-pg-order 1|2 --sure-pg-probes 2 (1 with --sure-pg-order 2) --sure-pg-clean-weight --compare \"gaussian(sigma=1);bm3d(noise=poisson-gaussian, gain={gain}, read_noise={read}, offset={offset})\" --weights FILE --set12-map-sigma 25)";

    public IReadOnlyList<string> Options => ["set12-map-sigma", "images", "rounds", "threads", "train-steps", "parts", "speed-chains", "speed-sides", "weights", "sure-tau", "fluo-audit", "fluo-noisy-pairs", "sure-pg-clean-weight", "fluo-blocks", "fluo-steps", "fluo-train-images", "sure-pg-order", "sure-pg-probes", "sure-pg-window", "compare", "fluo-levels", "fluo-method", "fluo-noise", "fluo-seed", "blind-chains", "blind-images", "blind-seed", "blind-set12-bm3d", "finetune-steps", "finetune-method", "finetune-seed"];

    public int Run(string[] args)
    {
        var options = new BenchArgs(args);
        var parts = options.String("parts", "speed,set12,fluo,hagen").Split(',', StringSplitOptions.TrimEntries);
        TorchRuntime.SetThreads(options.Int("threads", 0));
        var weights = options.String("weights", Path.Combine(Repo.Root, "plugins", "Denoise.DRUNet", "weights", "drunet-bsd68-r2r-s25.drunet"));
        Console.WriteLine($"DRUNet benchmark, {Environment.ProcessorCount} cores, libtorch threads {TorchSharp.torch.get_num_threads()}, load average {LoadAverage()}");
        Console.WriteLine();
        if (parts.Contains("speed"))
        {
            Speed(options);
        }

        if (parts.Contains("speed-default"))
        {
            DrunetDefaultSpeed.Run(options);
        }

        if (parts.Contains("set12"))
        {
            DrunetQuality.Set12(weights, options.Int("images", 12), options.Double("set12-map-sigma", 25));
        }

        if (parts.Contains("fluo"))
        {
            DrunetQuality.Fluorescence(options);
        }

        if (parts.Contains("blind-fluo"))
        {
            DrunetBlindQuality.Fluorescence(weights, options);
        }

        if (parts.Contains("blind-set12"))
        {
            DrunetBlindQuality.Set12(weights, options);
        }

        if (parts.Contains("finetune"))
        {
            DrunetFineTune.Run(weights, options);
        }

        if (parts.Contains("hagen"))
        {
            DrunetQuality.Hagen(weights);
        }

        if (parts.Contains("subsample-auto"))
        {
            DrunetSubsampleAuto.Run();
        }

        return 0;
    }

    private static void Speed(BenchArgs options)
    {
        var rounds = options.Int("rounds", 3);
        DrunetOptions[] candidates =
        [
            new([16, 32, 64, 128], 1),
            new([16, 32, 64, 128], 2),
            new([32, 64, 128, 256], 1),
            new([32, 64, 128, 256], 2),
        ];
        var frame512 = RandomFrame(512, 1);
        var blur512 = Median(rounds, () => Blur(frame512, 512));
        Console.WriteLine($"## Inference speed, 512×512 float frame, median of {rounds} (baseline: OpenCV GaussianBlur σ=1.5 on the same frame, {blur512 * 1000:F2} ms)");
        Console.WriteLine();
        Console.WriteLine("| size | parameters | ms per 512² frame | ratio to Gaussian blur |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var candidate in candidates)
        {
            using var network = new DrunetNetwork(candidate);
            network.eval();
            var denoiser = new FrameDenoiser(network, TilingOptions.Default);
            denoiser.Denoise(frame512, 512, 512, SampleFormat.Float32, NoiseSpec.Gaussian(0.1));
            var seconds = Median(rounds, () => denoiser.Denoise(frame512, 512, 512, SampleFormat.Float32, NoiseSpec.Gaussian(0.1)));
            Console.WriteLine($"| {candidate}{(candidate == DrunetOptions.Default ? " (default)" : "")} | {network.ParameterCount:N0} | {seconds * 1000:F0} | {seconds / blur512:F0} |");
        }

        Console.WriteLine();
        using var chosen = new DrunetNetwork(DrunetOptions.Default);
        chosen.eval();
        var frame2048 = RandomFrame(2048, 2);
        var blur2048 = Median(1, () => Blur(frame2048, 2048));
        var tiled = new FrameDenoiser(chosen, TilingOptions.Default);
        var seconds2048 = Median(1, () => tiled.Denoise(frame2048, 2048, 2048, SampleFormat.Float32, NoiseSpec.Gaussian(0.1)));
        var memoryBefore = GC.GetTotalMemory(true);
        Console.WriteLine($"## Default size {DrunetOptions.Default} on a 2048×2048 frame (512 tiles, 32-pixel context): {seconds2048:F2} s, {seconds2048 / blur2048:F0}× Gaussian blur ({blur2048 * 1000:F1} ms); managed heap {memoryBefore / 1048576} MB");
        Console.WriteLine();

        var images = Enumerable.Range(0, 8).Select(i => new TrainingImage(RandomFrame(128, 10 + i), 128, 128, 0.1)).ToList();
        Console.WriteLine("## Training speed, default size, patch 64, batch 8");
        Console.WriteLine();
        Console.WriteLine("| method | steps/s | ratio to supervised |");
        Console.WriteLine("|---|---|---|");
        double? supervised = null;
        foreach (var method in new[] { "supervised", "n2n", "r2r", "sure", "sure-pg" })
        {
            var loss = TrainingLoss.Create(method);
            // sure-pg reads the 0–1 values as an Anscombe range of 10–26 with a read noise of 5 photo-electrons (low light).
            var data = method switch
            {
                "supervised" => images.Select(i => i with { Clean = i.Noisy }).ToList(),
                "sure-pg" => images.Select(i => i with { Photons = new PhotonScale(10, 16, 5) }).ToList(),
                _ => images,
            };
            using var network = new DrunetNetwork(DrunetOptions.Default);
            var steps = options.Int("train-steps", 10);
            new DrunetTrainer(network, loss, new TrainingOptions { Patch = 64, Batch = 8, Steps = 2 }).Run(data);
            var watch = Stopwatch.StartNew();
            new DrunetTrainer(network, loss, new TrainingOptions { Patch = 64, Batch = 8, Steps = steps }).Run(data);
            var rate = steps / watch.Elapsed.TotalSeconds;
            supervised ??= rate;
            Console.WriteLine($"| {method} | {rate:F2} | {rate / supervised.Value:F2} |");
        }

        Console.WriteLine();
    }

    internal static float[] RandomFrame(int side, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, side * side).Select(_ => (float)random.NextDouble()).ToArray();
    }

    private static void Blur(float[] pixels, int side)
    {
        using var source = Mat.FromPixelData(side, side, MatType.CV_32FC1, pixels);
        using var target = new Mat();
        Cv2.GaussianBlur(source, target, new Size(0, 0), 1.5);
    }

    internal static double Median(int rounds, Action action)
    {
        var times = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalSeconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    internal static string F(double value, string format = "F2") => value.ToString(format, CultureInfo.InvariantCulture);

    internal static WeightsMetadata DescribeWeights(string path) => WeightsFile.ReadMetadata(path);
}
