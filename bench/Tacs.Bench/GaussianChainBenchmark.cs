using System.Diagnostics;
using OpenCvSharp;
using Serilog;
using Tacs.Host.Chains;
using Tacs.Host.Plugins;
using Tacs.Sdk.Frames;

namespace Tacs.Bench;

/// <summary>
/// The Gaussian plugin through the host's chain (plugin loaded from the plugins folder, parameters validated,
/// output frame allocated, provenance appended) against OpenCV's GaussianBlur called directly on the same
/// data, in the same process, rounds interleaved.
/// </summary>
internal sealed class GaussianChainBenchmark : IBenchmark
{
    public string Name => "gaussian";

    public string Description => "Gaussian plugin through the host chain vs OpenCV GaussianBlur direct (--size 2048 --frames 200 --rounds 5 --sigma 1.5)";

    public IReadOnlyList<string> Options => ["sigma", "frames", "rounds", "size"];

    public int Run(string[] args)
    {
        var options = new BenchArgs(args);
        var size = options.Int("size", 2048);
        var frames = options.Int("frames", 200);
        var rounds = options.Int("rounds", 5);
        var sigma = options.Double("sigma", 1.5);

        using var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = Repo.PluginsFolder }, Log.Logger);
        catalog.LoadAll();
        var chain = ChainBuilder.Build($"gaussian(sigma={sigma.ToString(System.Globalization.CultureInfo.InvariantCulture)})", catalog, Log.Logger);

        var random = new Random(7);
        var input = new ImageFrame(size, size, sourceFormat: SampleFormat.UInt16);
        for (var i = 0; i < input.Pixels.Length; i++)
        {
            input.Pixels[i] = random.Next(0, 65536);
        }

        var output = new float[input.Pixels.Length];
        var direct = new List<double>();
        var hosted = new List<double>();
        RunDirect(input.Pixels, output, size, sigma, 5);
        RunChain(chain, input, 5);
        for (var r = 0; r < rounds; r++)
        {
            direct.Add(RunDirect(input.Pixels, output, size, sigma, frames));
            hosted.Add(RunChain(chain, input, frames));
        }

        var directFps = Median(direct);
        var chainFps = Median(hosted);
        Console.WriteLine($"Gaussian sigma={sigma} on {size}x{size} 16-bit frames, {frames} frames x {rounds} rounds (median), {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| path | frames/s | ms/frame | ratio to direct |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| OpenCV GaussianBlur direct (baseline) | {directFps:F1} | {1000 / directFps:F2} | 1.00 |");
        Console.WriteLine($"| host chain: gaussian plugin | {chainFps:F1} | {1000 / chainFps:F2} | {chainFps / directFps:F2} |");
        Console.WriteLine();
        Console.WriteLine($"host overhead: {(directFps / chainFps - 1) * 100:F1}% (target <= 10%); chain {chainFps:F0} frames/s (target >= 100)");
        return 0;
    }

    private static unsafe double RunDirect(float[] input, float[] output, int size, double sigma, int frames)
    {
        var watch = Stopwatch.StartNew();
        fixed (float* source = input)
        fixed (float* target = output)
        {
            for (var f = 0; f < frames; f++)
            {
                using var src = Mat.FromPixelData(size, size, MatType.CV_32FC1, (IntPtr)source);
                using var dst = Mat.FromPixelData(size, size, MatType.CV_32FC1, (IntPtr)target);
                Cv2.GaussianBlur(src, dst, new Size(0, 0), sigma, sigma, BorderTypes.Reflect101);
            }
        }

        return frames / watch.Elapsed.TotalSeconds;
    }

    private static double RunChain(Chain chain, ImageFrame input, int frames)
    {
        var watch = Stopwatch.StartNew();
        for (var f = 0; f < frames; f++)
        {
            input.Metadata.FrameIndex = f;
            _ = chain.Process(input);
        }

        return frames / watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
