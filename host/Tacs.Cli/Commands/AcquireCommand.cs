using System.CommandLine;
using System.Globalization;
using Tacs.Host.Chains;
using Tacs.Host.Live;
using Tacs.Sdk.Frames;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs acquire</c>: a live run from the simulated camera or a replayed stack, raw frames saved, chain applied.</summary>
internal static class AcquireCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "sim (simulated camera) or replay (a TIFF stack, see --input).", DefaultValueFactory = _ => "sim" };
        var input = new Option<string?>("--input") { Description = "Stack to replay with --source replay." };
        var fps = new Option<double>("--fps") { Description = "Frames per second (0 = as fast as possible).", DefaultValueFactory = _ => 100 };
        var frames = new Option<long>("--frames") { Description = "Frames to acquire. 0: sim runs until stopped (Ctrl+C); replay plays each page once.", DefaultValueFactory = _ => 1000 };
        var size = new Option<int>("--size") { Description = "Simulated frame width and height.", DefaultValueFactory = _ => 512 };
        var depth = new Option<int>("--bit-depth") { Description = "Simulated bit depth: 8 or 16.", DefaultValueFactory = _ => 16 };
        var readNoise = new Option<double>("--read-noise") { Description = "Simulated camera read noise, grey levels.", DefaultValueFactory = _ => 20 };
        var chain = new Option<string?>("--chain", "-c") { Description = "Chain to run on each frame, e.g. \"gaussian(sigma=1)\"." };
        var output = new Option<string?>("--out", "-o") { Description = "TIFF stack for the raw frames (every frame, lossless)." };
        var processedOut = new Option<string?>("--processed-out") { Description = "TIFF stack for the frames leaving the chain (processed, or unchanged where a step failed), each page with its provenance and frame index. Frames skipped for processing are not in it." };
        var results = ResultsOption.Create();
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing --out and --processed-out files." };
        // 10 s covers DRUNet and BM3D on 2048² frames here.
        var timeout = StepTimeoutOption.Create(defaultSeconds: 10);
        var hotSwap = new Option<bool>("--watch-plugins") { Description = "Swap in plugins whose files change during the run." };
        var command = new Command("acquire", "Acquire frames live (simulated camera or replayed stack): save every raw frame, run a chain, print counters.")
        {
            source, input, fps, frames, size, depth, readNoise, chain, output, processedOut, results, overwrite, timeout, hotSwap,
        };
        CommandRunner.SetAction(command, (parse, cancellation) =>
        {
            using var session = Session.Start(parse, hotSwap: parse.GetValue(hotSwap));
            IFrameSource frameSource = parse.GetValue(source) switch
            {
                "sim" => new SimulatedCamera(new SimulatedCameraOptions
                {
                    Size = parse.GetValue(size),
                    Format = parse.GetValue(depth) switch
                    {
                        8 => SampleFormat.UInt8,
                        16 => SampleFormat.UInt16,
                        var d => throw new ArgumentException($"--bit-depth {d} is not 8 or 16."),
                    },
                    FramesPerSecond = parse.GetValue(fps),
                    Frames = parse.GetValue(frames),
                    Noise = new Tacs.Host.Synthetic.NoiseModel(2, parse.GetValue(readNoise), 100),
                }),
                "replay" => new StackReplaySource(parse.GetValue(input) ?? throw new ArgumentException("--source replay needs --input STACK.tif."), parse.GetValue(fps), parse.GetValue(frames)),
                var other => throw new ArgumentException($"--source '{other}' is not sim or replay (frames from other software: tacs serve, then POST /api/ingest)."),
            };
            if (parse.GetValue(output) is null)
            {
                session.Log.Warning("No --out given: raw frames are not saved");
            }

            var pipeline = new LivePipeline(session.Catalog, session.Log);
            pipeline.Start(
                new LiveOptions
                {
                    RawOutput = parse.GetValue(output) is { } o ? Path.GetFullPath(o) : null,
                    ProcessedOutput = parse.GetValue(processedOut) is { } p ? Path.GetFullPath(p) : null,
                    KeepAnalyses = true,
                    Overwrite = parse.GetValue(overwrite),
                    Chain = parse.GetValue(chain) is { } c ? ChainSpec.Parse(c) : null,
                    StepTimeout = StepTimeoutOption.Read(parse, timeout),
                },
                frameSource);
            while (!pipeline.SourceCompletion.Wait(TimeSpan.FromSeconds(2), CancellationToken.None) && !cancellation.IsCancellationRequested)
            {
                var s = pipeline.Status();
                session.Log.Information("Live: received {Received}, saved {Saved}, processed {Processed}, skipped {Skipped}", s.Received, s.Saved, s.Processed, s.Skipped);
            }

            var status = pipeline.StopAsync().GetAwaiter().GetResult();
            Print(status);
            ResultsOption.Finish(pipeline.Analyses!, parse.GetValue(results), session.Log);
            return status.Errors.Count == 0 && status.Saved == (parse.GetValue(output) is null ? 0 : status.Received) ? ExitCodes.Success : ExitCodes.PartialFailure;
        });
        return command;
    }

    public static void Print(LiveStatus s)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"Source:    {s.Source}");
        Console.WriteLine($"Chain:     {(s.Chain.Length > 0 ? s.Chain : "(none)")}");
        Console.WriteLine($"Raw stack: {s.RawOutput ?? "(not saved)"}");
        if (s.ProcessedOutput is not null)
        {
            Console.WriteLine($"Processed: {s.ProcessedOutput} ({s.ProcessedSaved.ToString(inv)} frames)");
        }
        Table.Print(
            ["received", "saved", "save stalls", "processed", "passed unprocessed", "skipped", "seconds", "received/s", "processed/s", "latency p50 ms", "latency p99 ms"],
            [[
                s.Received.ToString(inv), s.Saved.ToString(inv), s.SaveStalls.ToString(inv), s.Processed.ToString(inv), s.PassedUnprocessed.ToString(inv), s.Skipped.ToString(inv),
                s.ElapsedSeconds.ToString("F1", inv), (s.Received / s.ElapsedSeconds).ToString("F1", inv), (s.Processed / s.ElapsedSeconds).ToString("F1", inv),
                s.LatencyP50.ToString("F1", inv), s.LatencyP99.ToString("F1", inv),
            ]]);
        if (s.Steps.Count > 0)
        {
            Console.WriteLine();
            Table.Print(
                ["step", "plugin", "version", "processed", "skipped", "failed", "timed out", "abandoned", "p50 ms", "p99 ms"],
                [.. s.Steps.Select(t => new[]
                {
                    t.Position.ToString(inv) + " " + t.Step, t.PluginId, t.PluginVersion, t.Processed.ToString(inv), t.Skipped.ToString(inv),
                    t.Failed.ToString(inv), t.TimedOut.ToString(inv), t.Abandoned.ToString(inv), t.LatencyP50.ToString("F1", inv), t.LatencyP99.ToString("F1", inv),
                })]);
        }

        if (s.FramesByPluginVersion.Count > 0)
        {
            Console.WriteLine();
            Table.Print(
                ["plugin", "version", "frames processed"],
                [.. s.FramesByPluginVersion.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new[] { p.Key.Split(' ')[0], p.Key.Split(' ')[1], p.Value.ToString(inv) })]);
        }

        foreach (var error in s.Errors)
        {
            Console.WriteLine("error: " + error);
        }
    }
}
