using Tacs.Diagnostics;

namespace Tacs.Bench;

/// <summary>
/// What every benchmark prints first: the machine and build its figures belong to. A figure from a Debug build
/// (about five times slower for BM3D) or without its CPU is not a figure, so a Debug build is refused.
/// </summary>
internal static class BenchHeader
{
    /// <summary>Prints the header; returns false (with the reason on stderr) when the build is not Release.</summary>
    public static bool Print(IBenchmark benchmark)
    {
        var machine = MachineFacts.Current(typeof(BenchHeader).Assembly);
        var debug = DebugAssemblies().ToList();
        if (debug.Count > 0)
        {
            Console.Error.WriteLine($"tacs-bench {benchmark.Name}: refusing to report from a Debug build ({string.Join(", ", debug)}). Build with 'dotnet build -c Release Tacs.sln' and run bench/Tacs.Bench/bin/Release/net10.0/tacs-bench.dll.");
            return false;
        }

        Console.WriteLine($"# tacs-bench {benchmark.Name}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"# {machine.Summary}");
        Console.WriteLine($"# OS {machine.Os}");
        if (benchmark.UsesTorch)
        {
            Console.WriteLine($"# {TorchLine()}");
        }

        Console.WriteLine();
        return true;
    }

    // Kept apart so that benchmarks without libtorch never load it.
    private static string TorchLine() => Tacs.Torch.Platform.TorchFacts.Describe();

    // The benchmark's own Tacs assemblies and the plugins it loads from artifacts/tacs/plugins.
    private static IEnumerable<string> DebugAssemblies()
    {
        var own = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f).StartsWith("Tacs.", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("tacs", StringComparison.Ordinal));
        var plugins = Directory.Exists(Repo.PluginsFolder)
            ? Directory.GetDirectories(Repo.PluginsFolder).Select(d => Path.Combine(d, Path.GetFileName(d) + ".dll")).Where(File.Exists)
            : [];
        foreach (var file in own.Concat(plugins))
        {
            if (BuildConfiguration.OfFile(file) is { } configuration && configuration != "Release")
            {
                yield return $"{Path.GetFileName(file)} is {configuration}";
            }
        }
    }
}
