using System.Diagnostics;
using System.Globalization;
using Serilog;
using Tacs.Host.Chains;
using Tacs.Host.Plugins;
using Tacs.Host.Quality;
using Tacs.Host.Synthetic;
using Tacs.Sdk.Frames;

namespace Tacs.Bench;

/// <summary>
/// BM3D's 3-D mode (volume=3d: groups matched in the neighbouring z-slices too) against its 2-D mode (each slice
/// alone) on a synthetic fluorescence volume with known clean slices: PSNR of both and the time ratio, in the
/// same process, through the host's chain (2-D: Chain.Process per slice; 3-D: ChainVolumes.ProcessVolume).
/// </summary>
internal sealed class Bm3dVolumeBenchmark : IBenchmark
{
    public string Name => "bm3d-volume";

    public string Description =>
        "BM3D volume=3d vs 2-D on a synthetic z-stack: PSNR and time ratio (--size 128 --slices 12 --sigmas 15,25,40 --profiles fast,reference --radius 1 --seed 1)";

    public IReadOnlyList<string> Options => ["size", "slices", "sigmas", "profiles", "radius", "seed"];

    public int Run(string[] args)
    {
        var options = new BenchArgs(args);
        var size = options.Int("size", 128);
        var count = options.Int("slices", 12);
        var sigmas = options.String("sigmas", "15,25,40").Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var profiles = options.String("profiles", "fast,reference").Split(',');
        var radius = options.Int("radius", 1);
        var seed = options.Int("seed", 1);

        using var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = Repo.PluginsFolder }, Log.Logger);
        catalog.LoadAll();
        var clean = Volume(size, count, seed);
        Console.WriteLine($"Synthetic volume: {size}×{size} px × {count} slices, 8-bit scale (0–255), blobs 3–8 px wide and 2–4 slices deep, additive Gaussian noise (seed {seed}), PSNR over all slices, peak 255");
        Console.WriteLine();
        Console.WriteLine("| sigma | profile | noisy dB | 2-D dB | 3-D dB | 3-D gain dB | 2-D s | 3-D s | time 3-D/2-D |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var sigma in sigmas)
        {
            var random = new Random(seed + (int)sigma);
            var noisy = clean.Select(slice => Frame(size, [.. slice.Select(v => (float)(v + (sigma * NoiseModel.Gaussian(random))))])).ToList();
            foreach (var profile in profiles)
            {
                var flat = ChainBuilder.Build(Invariant($"bm3d(sigma={sigma}, profile={profile})"), catalog, Log.Logger);
                var volume = ChainBuilder.Build(Invariant($"bm3d(sigma={sigma}, profile={profile}, volume=3d, z_radius={radius})"), catalog, Log.Logger);
                var watch = Stopwatch.StartNew();
                var twoD = noisy.Select(f => flat.Process(f)).ToList();
                var twoDSeconds = watch.Elapsed.TotalSeconds;
                watch.Restart();
                var threeD = volume.ProcessVolume(noisy);
                var threeDSeconds = watch.Elapsed.TotalSeconds;
                var (n, a, b) = (Psnr(clean, noisy), Psnr(clean, twoD), Psnr(clean, threeD));
                Console.WriteLine(Invariant($"| {sigma} | {profile} | {n:F2} | {a:F2} | {b:F2} | {b - a:+0.00;-0.00} | {twoDSeconds:F2} | {threeDSeconds:F2} | {threeDSeconds / twoDSeconds:F2} |"));
            }
        }

        return 0;
    }

    // Soft ellipsoidal "cells" on a dim background: each spans a few slices, so neighbouring slices share structure.
    private static List<float[]> Volume(int size, int slices, int seed)
    {
        var random = new Random(seed);
        var volume = Enumerable.Range(0, slices).Select(_ => Enumerable.Repeat(30f, size * size).ToArray()).ToList();
        var blobs = size * size / 250;
        for (var b = 0; b < blobs; b++)
        {
            double cx = random.NextDouble() * size, cy = random.NextDouble() * size, cz = random.NextDouble() * slices;
            double sxy = 3 + (5 * random.NextDouble()), sz = 2 + (2 * random.NextDouble()), amplitude = 60 + (120 * random.NextDouble());
            for (var z = 0; z < slices; z++)
            {
                var fz = Math.Exp(-((z - cz) * (z - cz)) / (2 * sz * sz));
                for (var y = Math.Max(0, (int)(cy - (3 * sxy))); y < Math.Min(size, (int)(cy + (3 * sxy))); y++)
                {
                    for (var x = Math.Max(0, (int)(cx - (3 * sxy))); x < Math.Min(size, (int)(cx + (3 * sxy))); x++)
                    {
                        var r2 = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy));
                        volume[z][(y * size) + x] += (float)(amplitude * fz * Math.Exp(-r2 / (2 * sxy * sxy)));
                    }
                }
            }
        }

        return [.. volume.Select(slice => slice.Select(v => Math.Min(255f, v)).ToArray())];
    }

    private static ImageFrame Frame(int size, float[] pixels) => new(size, size, pixels, SampleFormat.UInt8);

    private static double Psnr(List<float[]> clean, IReadOnlyList<ImageFrame> test) =>
        ImageQuality.Psnr([.. clean.SelectMany(s => s)], [.. test.SelectMany(f => f.Pixels)], 255);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
