using System.Diagnostics;
using System.Runtime.Intrinsics;
using Tacs.Fuzz;
using Tacs.Host.Imaging;

namespace Tacs.Bench;

/// <summary>
/// The long fuzz run of the TIFF reader: damaged copies of the generated seed corpus (Fuzz/TiffSeeds.cs) read as
/// tacs reads them, with the default limits. Prints outcome counts by kind of damage, the memory bound's
/// largest excess (it must be 0 or less), the files above the time bound (CPU time, FuzzTarget.TimeBound; there must
/// be none), peak memory, time per file against reading the intact seeds in the same process, and the slowest file.
/// </summary>
internal sealed class FuzzBenchmark : IBenchmark
{
    public string Name => "fuzz";

    public string Description => "TIFF reader fuzz run: outcomes, memory bound, peak memory, slowest file (--files 100000 --seed 1 --keep FOLDER; --replay FILE reads one file 5 times)";

    public IReadOnlyList<string> Options => ["files", "seed", "keep", "replay"];

    public int Run(string[] args)
    {
        var options = new BenchArgs(args);
        var files = options.Int("files", 100_000);
        var seed = options.Int("seed", 1);
        var keep = options.String("keep", string.Empty);
        if (options.String("replay", string.Empty) is { Length: > 0 } replay)
        {
            return Replay(replay);
        }

        var work = Path.Combine(Path.GetTempPath(), $"tacs-fuzz-{Environment.ProcessId}");
        try
        {
            return Fuzz(files, seed, keep, work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int Fuzz(int files, int seed, string keep, string work)
    {
        var seeds = TiffSeeds.Create(Path.Combine(work, "seeds"));
        var read = new ImageReadOptions { Log = Serilog.Core.Logger.None };
        var baseline = Baseline(seeds, work, read);
        var mutator = new TiffMutator(seed);
        var path = Path.Combine(work, "mutant.tif");
        var table = new SortedDictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var times = new List<double>(files);
        (double Ms, string Label, FuzzResult Result, byte[] Bytes)? slowest = null;
        long maxExcess = long.MinValue;
        (long Bytes, string Label) heaviest = (0, "-");
        double worstMsPerMb = 0;
        double worstCpuMsPerMb = 0;
        (double Ms, string Label)? slowestCpu = null;
        var overTime = new List<string>();
        var total = Stopwatch.StartNew();
        var progress = Stopwatch.StartNew();
        for (var i = 0; i < files; i++)
        {
            var (name, bytes) = seeds[i % seeds.Count];
            var (mutant, kind) = mutator.Mutate(bytes);
            File.WriteAllBytes(path, mutant);
            var result = FuzzTarget.Read(path, read);
            var outcome = result.Outcome;
            table.TryAdd(outcome, []);
            table[outcome][kind] = table[outcome].GetValueOrDefault(kind) + 1;
            var ms = result.Elapsed.TotalMilliseconds;
            times.Add(ms);
            maxExcess = Math.Max(maxExcess, result.MaxExcessBytes);
            if (result.AllocatedBytes > heaviest.Bytes)
            {
                heaviest = (result.AllocatedBytes, $"#{i}: {kind} of {name}, {result.Outcome}");
            }

            // Work is bounded by what a file makes tacs allocate (at most the page bound), so time is set against that.
            worstMsPerMb = Math.Max(worstMsPerMb, ms / Math.Max(1.0, (mutant.Length + result.AllocatedBytes) / 1e6));
            var cpuMs = result.CpuTime.TotalMilliseconds;
            worstCpuMsPerMb = Math.Max(worstCpuMsPerMb, cpuMs / Math.Max(1.0, (mutant.Length + result.AllocatedBytes) / 1e6));
            if (slowestCpu is null || cpuMs > slowestCpu.Value.Ms)
            {
                slowestCpu = (cpuMs, $"#{i}: {kind} of {name} ({mutant.Length} bytes, {result.AllocatedBytes / 1e6:F1} MB allocated), {result.Outcome}");
            }

            if (result.CpuTime > result.Bound(mutant.Length))
            {
                overTime.Add($"#{i}: {kind} of {name}: {cpuMs:F1} ms CPU, bound {result.Bound(mutant.Length).TotalMilliseconds:F1} ms");
                Console.Error.WriteLine(overTime[^1]);
                if (keep.Length > 0)
                {
                    Directory.CreateDirectory(keep);
                    File.WriteAllBytes(Path.Combine(keep, $"slow-{i}.tif"), mutant);
                }
            }

            if (slowest is null || ms > slowest.Value.Ms)
            {
                slowest = (ms, $"#{i}: {kind} of {name} ({mutant.Length} bytes)", result, mutant);
            }

            if (outcome.StartsWith("escaped", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"#{i} {kind} of {name}: {result.Message}");
                if (keep.Length > 0)
                {
                    Directory.CreateDirectory(keep);
                    File.WriteAllBytes(Path.Combine(keep, $"escaped-{i}.tif"), mutant);
                }
            }

            if (progress.Elapsed > TimeSpan.FromSeconds(30))
            {
                Console.Error.WriteLine($"{i + 1}/{files} files, {total.Elapsed.TotalSeconds:F0} s");
                progress.Restart();
            }
        }

        times.Sort();
        var kinds = TiffMutator.Kinds;
        Console.WriteLine($"TIFF reader fuzz: {files} mutated files from {seeds.Count} seeds, seed {seed}, default read limits, {total.Elapsed.TotalSeconds:F0} s");
        Console.WriteLine($"CPU: {CpuModel()}; ISA: {Isa()}; {Environment.ProcessorCount} cores; .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| outcome | files | " + string.Join(" | ", kinds) + " |");
        Console.WriteLine("|---|---|" + string.Concat(kinds.Select(_ => "---|")));
        foreach (var (outcome, byKind) in table)
        {
            Console.WriteLine($"| {outcome} | {byKind.Values.Sum()} | " + string.Join(" | ", kinds.Select(k => byKind.GetValueOrDefault(k))) + " |");
        }

        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| intact seeds: mean ms per file (baseline) | {baseline:F2} |");
        Console.WriteLine($"| mutants: mean ms per file (ratio to baseline) | {times.Average():F2} ({times.Average() / baseline:F2}) |");
        Console.WriteLine($"| mutants: median / 99.9th percentile / max ms | {times[times.Count / 2]:F2} / {times[(int)(times.Count * 0.999)]:F2} / {times[^1]:F1} |");
        Console.WriteLine($"| worst ms per MB (file + bytes allocated, at least 1 MB) | {worstMsPerMb:F1} |");
        Console.WriteLine($"| CPU time{(ThreadCpuTime.Available ? string.Empty : " (not available here: wall-clock)")}: worst ms per MB (file + bytes allocated, at least 1 MB) | {worstCpuMsPerMb:F1} |");
        Console.WriteLine($"| CPU time: slowest file | {slowestCpu?.Ms:F1} ms ({slowestCpu?.Label}) |");
        Console.WriteLine($"| files above the time bound ({FuzzTarget.FixedTime.TotalMilliseconds:F0} ms + {FuzzTarget.TimePerMegabyte.TotalMilliseconds:F0} ms CPU per MB; must be 0) | {overTime.Count} |");
        Console.WriteLine($"| largest allocation for one file | {heaviest.Bytes / 1e6:F1} MB ({heaviest.Label}) |");
        Console.WriteLine($"| largest excess over the memory bound (must be ≤ 0) | {(maxExcess > 0 ? $"{maxExcess / 1e6:F1} MB ABOVE" : "none")} |");
        Console.WriteLine($"| peak working set of the process | {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB |");
        if (slowest is { } s)
        {
            Console.WriteLine($"| slowest file | {s.Label}: {s.Ms:F1} ms, {s.Result.Outcome}{(s.Result.Message is { } m ? ": " + Short(m) : string.Empty)} |");
            if (keep.Length > 0)
            {
                Directory.CreateDirectory(keep);
                File.WriteAllBytes(Path.Combine(keep, "slowest.tif"), s.Bytes);
            }
        }

        return table.Keys.Any(k => k.StartsWith("escaped", StringComparison.Ordinal)) || maxExcess > 0 || overTime.Count > 0 ? 2 : 0;
    }

    // One kept file again (the slowest, or one that escaped), to look at it on its own.
    private static int Replay(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} not found.");
        }

        Console.WriteLine($"Replaying {path} ({new FileInfo(path).Length} bytes); CPU: {CpuModel()}; ISA: {Isa()}");
        Console.WriteLine();
        Console.WriteLine("| run | outcome | ms | CPU ms | CPU bound ms | allocated MB |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (var run = 1; run <= 5; run++)
        {
            var result = FuzzTarget.Read(path, new ImageReadOptions { Log = Serilog.Core.Logger.None });
            Console.WriteLine($"| {run} | {result.Outcome} | {result.Elapsed.TotalMilliseconds:F1} | {result.CpuTime.TotalMilliseconds:F1} | {result.Bound(new FileInfo(path).Length).TotalMilliseconds:F1} | {result.AllocatedBytes / 1e6:F1} |");
        }

        return 0;
    }

    // Reading the intact seeds, in the same process: the cost of a file when nothing is wrong with it.
    private static double Baseline(List<(string Name, byte[] Bytes)> seeds, string work, ImageReadOptions read)
    {
        var times = new List<double>();
        for (var round = 0; round < 20; round++)
        {
            foreach (var (name, _) in seeds)
            {
                times.Add(FuzzTarget.Read(Path.Combine(work, "seeds", name + ".tif"), read).Elapsed.TotalMilliseconds);
            }
        }

        return times.Skip(seeds.Count).Average();
    }

    private static string Short(string message)
    {
        var text = message.Split('\n')[0];
        var colon = text.IndexOf(".tif: ", StringComparison.Ordinal);
        text = colon >= 0 ? text[(colon + 6)..] : text;
        return text.Length > 160 ? text[..160] + "…" : text;
    }

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Isa() =>
        Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2" : Vector128.IsHardwareAccelerated ? "SSE/NEON (128-bit)" : "scalar";
}
