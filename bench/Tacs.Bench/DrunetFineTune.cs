using System.Diagnostics;
using Serilog;
using Tacs.Host.Chains;
using Tacs.Host.Plugins;
using Tacs.Host.Quality;
using Tacs.Host.Synthetic;
using Tacs.Host.Synthetic.Scenes;
using Tacs.Sdk.Frames;
using Tacs.Torch.Inference;
using Tacs.Torch.Noise;
using Tacs.Torch.Training;
using Tacs.Torch.Weights;
using static Tacs.Bench.DrunetBenchmark;

namespace Tacs.Bench;

/// <summary>
/// Fine-tuning on a user's single image (issue 19, item 4): one held-out fibre image (a kind the shipped weights never
/// saw), trained from the given weights for a few hundred steps on that noisy image alone, with its noise estimated as a
/// user's would be; PSNR against the clean scene next to BM3D and the weights before fine-tuning.
/// </summary>
internal static class DrunetFineTune
{
    public static void Run(string weights, BenchArgs options)
    {
        const int side = 384;
        const double gain = 1, read = 2, background = 5, peak = 105;
        var random = new Random(options.Int("finetune-seed", 90_001));
        var scene = StructureScene.Draw(StructureKind.Fibres, side, side, random);
        var clean = scene.Select(v => (float)(background + ((peak - background) * v))).ToArray();
        var noisy = new float[clean.Length];
        new NoiseModel(gain, read, 0).Apply(clean, noisy, random);
        for (var i = 0; i < noisy.Length; i++)
        {
            noisy[i] = MathF.Round(Math.Clamp(noisy[i], 0, 65535));
        }

        double Psnr(float[] result) => ImageQuality.Psnr(clean, result, peak);
        using var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = Repo.PluginsFolder }, Log.Logger);
        catalog.LoadAll();
        string Chain(string text) => F(Psnr(ChainBuilder.Build(text, catalog, Log.Logger).Process(new ImageFrame(side, side, (float[])noisy.Clone(), SampleFormat.UInt16)).Pixels));

        var steps = options.String("finetune-steps", "200,600").Split(',').Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var methods = options.String("finetune-method", "r2r,sure-pg").Split(',', StringSplitOptions.TrimEntries);
        Console.WriteLine($"## Fine-tuning on one image: fibres (held out of training), {side}², {background}–{peak} photo-electrons, gain {gain}, read noise {read}, 16-bit; noise estimated from the image");
        Console.WriteLine($"Start: {Path.GetFileName(weights)}; patch 64, batch 8, lr 1e-3 → 1e-5 cosine, libtorch threads {TorchSharp.torch.get_num_threads()}");
        Console.WriteLine();
        Console.WriteLine("| method | PSNR (dB) | training time |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| noisy | {F(Psnr(noisy))} | |");
        Console.WriteLine($"| gaussian | {Chain("gaussian")} | |");
        Console.WriteLine($"| bm3d(noise=poisson-gaussian) | {Chain("bm3d(noise=poisson-gaussian)")} | |");
        Console.WriteLine($"| drunet(noise=poisson-gaussian), before fine-tuning | {Chain($"drunet(noise=poisson-gaussian, weights={weights})")} | |");
        var prepared = PreparedImage.From(noisy, side, side, SampleFormat.UInt16, NoiseSpec.Mixed());
        foreach (var method in methods)
        {
            foreach (var count in steps)
            {
                var (network, _) = WeightsFile.Load(weights);
                using (network)
                {
                    var image = new TrainingImage(prepared.Values, side, side, prepared.Sigma, null, prepared.Photons);
                    var watch = Stopwatch.StartNew();
                    new DrunetTrainer(network, TrainingLoss.Create(method), new TrainingOptions { Patch = 64, Batch = 8, Steps = count, Seed = 1 }).Run([image]);
                    var seconds = watch.Elapsed.TotalSeconds;
                    network.eval();
                    var (result, _) = new FrameDenoiser(network, TilingOptions.Default).Denoise(noisy, side, side, SampleFormat.UInt16, NoiseSpec.Mixed());
                    Console.WriteLine($"| fine-tuned, {method}, {count} steps | {F(Psnr(result))} | {F(seconds / 60, "F1")} min |");
                }
            }
        }

        Console.WriteLine();
    }
}
