using System.Diagnostics;
using Serilog;
using Tacs.Host.Chains;
using Tacs.Host.Live;
using Tacs.Host.Plugins;

namespace Tacs.Bench;

/// <summary>
/// Live acquisition from the simulated camera: every raw frame saved, a chain run on the frames. Compares, in one
/// process, a run that only saves (baseline) with runs that also process; and measures the sustainable rate of
/// chains (camera unpaced, nothing saved).
/// </summary>
internal sealed class LiveBenchmark : IBenchmark
{
    public string Name => "live";

    public string Description => "live pipeline: sim camera --size 2048 --fps 100 --frames 1000 --chain \"gaussian(sigma=1)\"; --sustainable \"chain;chain\" --sizes 512,2048";

    public IReadOnlyList<string> Options => ["fps", "frames", "size", "sustain-frames", "chain", "out", "sizes", "sustainable"];

    public int Run(string[] args)
    {
        var options = new BenchArgs(args);
        var size = options.Int("size", 2048);
        var fps = options.Double("fps", 100);
        var frames = options.Int("frames", 1000);
        var chain = options.String("chain", "gaussian(sigma=1)");
        var folder = options.String("out", Path.Combine(Path.GetTempPath(), "tacs-bench-live"));
        Directory.CreateDirectory(folder);
        using var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = Repo.PluginsFolder }, Log.Logger);
        catalog.LoadAll();

        Console.WriteLine($"Live runs: simulated camera {size}x{size} 16-bit at {fps} frames/s, {frames} frames, raw frames saved to {folder}, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| run | received | saved | processed | skipped | unprocessed | received/s | processed/s | processed / received | latency p50 ms | latency p99 ms | peak working set MB |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        var baseline = RunOnce(catalog, null, size, fps, frames, Path.Combine(folder, "baseline.tif"));
        Print("save only (baseline)", baseline.Status, baseline.PeakMb);
        var withChain = RunOnce(catalog, chain, size, fps, frames, Path.Combine(folder, "chain.tif"));
        Print(chain, withChain.Status, withChain.PeakMb);
        Console.WriteLine();
        Console.WriteLine($"every raw frame saved: {(withChain.Status.Saved == withChain.Status.Received && withChain.Status.Received == frames ? "yes" : "NO")}; " +
            $"camera rate kept: {withChain.Status.Received / withChain.Status.ElapsedSeconds / fps:P0} of {fps} frames/s (baseline {baseline.Status.Received / baseline.Status.ElapsedSeconds / fps:P0})");

        if (options.String("sustainable", "") is { Length: > 0 } chains)
        {
            Console.WriteLine();
            Console.WriteLine("Sustainable rate (camera unpaced, nothing saved; processed frames per second):");
            Console.WriteLine();
            Console.WriteLine("| chain | size | processed/s | step p50 ms | step p99 ms |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var sustained in chains.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                foreach (var side in options.String("sizes", "512,2048").Split(',').Select(int.Parse))
                {
                    var run = RunOnce(catalog, sustained, side, 0, options.Int("sustain-frames", 60), null);
                    var step = run.Status.Steps[0];
                    Console.WriteLine($"| {sustained} | {side}x{side} | {run.Status.Processed / run.Status.ElapsedSeconds:F1} | {step.LatencyP50:F1} | {step.LatencyP99:F1} |");
                }
            }
        }

        foreach (var file in Directory.GetFiles(folder, "*.tif"))
        {
            File.Delete(file);
        }

        return 0;
    }

    private static (LiveStatus Status, double PeakMb) RunOnce(PluginCatalog catalog, string? chain, int size, double fps, int frames, string? output)
    {
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var camera = new SimulatedCamera(new SimulatedCameraOptions { Size = size, FramesPerSecond = fps, Frames = frames });
        var pipeline = new LivePipeline(catalog, Log.Logger);
        pipeline.Start(new LiveOptions { RawOutput = output, Overwrite = true, Chain = chain is null ? null : ChainSpec.Parse(chain), StepTimeout = TimeSpan.FromMinutes(2) }, camera);
        long peak = 0;
        while (!pipeline.SourceCompletion.Wait(50))
        {
            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
        }

        var status = pipeline.StopAsync().GetAwaiter().GetResult();
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);

        // 1000 frames are 8.4 GB: keeping one run's stack would starve the next run of disk cache or RAM.
        if (output is not null && File.Exists(output))
        {
            File.Delete(output);
        }

        return (status, peak / 1e6);
    }

    private static void Print(string name, LiveStatus s, double peakMb) =>
        Console.WriteLine($"| {name} | {s.Received} | {s.Saved} | {s.Processed} | {s.Skipped} | {s.PassedUnprocessed} | {s.Received / s.ElapsedSeconds:F1} | {s.Processed / s.ElapsedSeconds:F1} | {(double)s.Processed / Math.Max(1, s.Received):P0} | {s.LatencyP50:F1} | {s.LatencyP99:F1} | {peakMb:F0} |");
}
