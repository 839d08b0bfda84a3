using Serilog;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Plugins;
using Tacs.Host.Synthetic;
using Tacs.Sdk.Frames;
using static Tacs.Bench.DrunetBenchmark;

namespace Tacs.Bench;

/// <summary>
/// What a user's frame costs through the installed plugins with their defaults (issue 19, item 5): the shipped blind
/// weights, noise model and level estimated, subsampling decided per frame. The other speed table times bare networks
/// of random weights; this one times the whole plugin step, next to the Gaussian plugin on the same frame.
/// </summary>
internal static class DrunetDefaultSpeed
{
    /// <summary>Chains timed by default; the first is the baseline.</summary>
    public const string DefaultChains = "gaussian;drunet;drunet(engine=torch);drunet(noise=poisson-gaussian)";

    public static void Run(BenchArgs options)
    {
        var chains = options.String("speed-chains", DefaultChains).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var rounds = options.Int("rounds", 3);
        using var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = Repo.PluginsFolder }, Log.Logger);
        catalog.LoadAll();
        var built = chains.Select(text => ChainBuilder.Build(text, catalog, Log.Logger)).ToList();
        Console.WriteLine($"## The installed plugins with their defaults, whole plugin step, 16-bit frames (baseline: {chains[0]} on the same frame)");
        Console.WriteLine();
        Console.WriteLine("Frames: a synthetic cell scene, peak 10 photo-electrons, gain 2, offset 100, read noise 3 e⁻ (camera); and the same scene on 0–255 with Gaussian noise σ=25 (Gaussian). "
            + $"Median of {rounds} runs at 512², one at 2048², after one run not timed.");
        Console.WriteLine();
        Console.WriteLine("| frame | noise | " + string.Join(" | ", chains.Select(c => $"{c} ms")) + " | " + string.Join(" | ", chains.Skip(1).Select(c => $"{c} ÷ {chains[0]}")) + " |");
        Console.WriteLine("|---|---|" + string.Concat(chains.Select(_ => "---|")) + string.Concat(chains.Skip(1).Select(_ => "---|")));
        foreach (var side in options.String("speed-sides", "512,2048").Split(',').Select(int.Parse))
        {
            foreach (var camera in new[] { true, false })
            {
                var frame = Frame(side, camera);
                var times = built.Select(chain =>
                {
                    chain.Process(Copy(frame));
                    return Median(side > 512 ? 1 : rounds, () => chain.Process(Copy(frame)));
                }).ToList();
                Console.WriteLine($"| {side}² | {(camera ? "camera" : "Gaussian")} | " + string.Join(" | ", times.Select(t => F(t * 1000, t < 0.1 ? "F1" : "F0"))) + " | " + string.Join(" | ", times.Skip(1).Select(t => F(t / times[0], "F0") + "×")) + " |");
            }
        }

        Console.WriteLine();
    }

    private static ImageFrame Copy(ImageFrame frame) => new(frame.Width, frame.Height, (float[])frame.Pixels.Clone(), frame.SourceFormat);

    private static ImageFrame Frame(int side, bool camera)
    {
        var random = new Random(side + (camera ? 1 : 2));
        var scene = FluorescenceScene.Draw(side, side, 1.0, random);
        var noisy = new float[scene.Length];
        if (camera)
        {
            const double peak = 10, gain = 2, offset = 100, read = 3;
            new NoiseModel(gain, read * gain, offset).Apply(scene.Select(v => (float)(v * peak * gain)).ToArray(), noisy, random);
        }
        else
        {
            for (var i = 0; i < scene.Length; i++)
            {
                noisy[i] = (float)((scene[i] * 255) + (25 * Gaussian(random)));
            }
        }

        for (var i = 0; i < noisy.Length; i++)
        {
            noisy[i] = MathF.Round(Math.Clamp(noisy[i], 0, 65535));
        }

        return new ImageFrame(side, side, noisy, SampleFormat.UInt16);
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
