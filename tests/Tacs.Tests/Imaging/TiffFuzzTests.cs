using Tacs.Fuzz;
using Tacs.Host.Imaging;
using Tacs.Tests.Support;
using Xunit.Abstractions;

namespace Tacs.Tests.Imaging;

/// <summary>
/// The short fuzz run: 4,000 damaged copies of the generated seed corpus (bench/Tacs.Bench/Fuzz, shared with
/// `tacs-bench fuzz`, which runs 100,000). Nothing but <see cref="ImageReadException"/> may escape, no file may
/// take more CPU time than the stated bound (50 ms + 100 ms per MB of file and allocations, docs/reading.md), and no
/// step may allocate above the stated memory bound.
/// </summary>
public sealed class TiffFuzzTests(ITestOutputHelper output)
{
    private const int Files = 4000;

    [Fact]
    public void EverySeedReadsWhole()
    {
        using var temp = new TempFolder();
        foreach (var (name, _) in TiffSeeds.Create(temp.Path))
        {
            var result = FuzzTarget.Read(temp.File(name + ".tif"), ImageReadOptions.Default);
            // The one seed LibTiff.NET cannot decode is refused with its reason (HostileTiffTests).
            Assert.True(result.Outcome == (name == "u16-bigtiff-be-raw" ? "refused" : "read"), $"{name}: {result.Outcome} {result.Message}");
        }
    }

    [Fact]
    public void DamagedTiffsAreReadOrRefusedWithinTheMemoryAndTimeBounds()
    {
        using var temp = new TempFolder();
        var seeds = TiffSeeds.Create(temp.File("seeds"));
        // The reader's code is compiled on first use: read the intact seeds once so that compiling is not charged to a mutant.
        foreach (var (name, _) in seeds)
        {
            FuzzTarget.Read(Path.Combine(temp.File("seeds"), name + ".tif"), new ImageReadOptions { Log = Serilog.Core.Logger.None });
        }

        // A lower page limit than the default keeps the per-page memory bound tight enough to catch a bomb.
        var options = new ImageReadOptions { MaxPixelsPerPage = 1 << 22, Log = Serilog.Core.Logger.None };
        var mutator = new TiffMutator(seed: 17);
        var path = temp.File("mutant.tif");
        var outcomes = new Dictionary<string, int>();
        var reasons = new Dictionary<string, int>();
        var escaped = new List<string>();
        var slow = new List<string>();
        var heavy = new List<string>();
        var closest = (Share: 0.0, Label: "-");
        for (var i = 0; i < Files; i++)
        {
            var (name, bytes) = seeds[i % seeds.Count];
            var (mutant, kind) = mutator.Mutate(bytes);
            File.WriteAllBytes(path, mutant);
            var result = FuzzTarget.Read(path, options);
            outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
            var label = $"#{i} {kind} of {name}";
            if (result.Message is { } message)
            {
                var key = System.Text.RegularExpressions.Regex.Replace(message.Replace(path, string.Empty, StringComparison.Ordinal), "[0-9]+", "N");
                key = key.Length > 140 ? key[..140] : key;
                reasons[key] = reasons.GetValueOrDefault(key) + 1;
            }

            if (result.Outcome.StartsWith("escaped", StringComparison.Ordinal))
            {
                escaped.Add($"{label}: {result.Message}");
            }

            var share = result.CpuTime / result.Bound(mutant.Length);
            if (share > closest.Share)
            {
                closest = (share, $"{label}: {result.CpuTime.TotalMilliseconds:F1} ms CPU, {result.AllocatedBytes / 1e6:F1} MB allocated");
            }

            if (share > 1)
            {
                slow.Add($"{label}: {result.CpuTime.TotalMilliseconds:F0} ms of CPU for {mutant.Length} bytes and {result.AllocatedBytes / 1e6:F1} MB allocated (bound {result.Bound(mutant.Length).TotalMilliseconds:F0} ms)");
            }

            if (result.MaxExcessBytes > 0)
            {
                heavy.Add($"{label}: {result.MaxExcessBytes / 1e6:F0} MB above the bound");
            }
        }

        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
        output.WriteLine($"closest to the time bound: {closest.Share:P0} of it ({closest.Label})");
        foreach (var reason in reasons.OrderByDescending(r => r.Value).Take(25))
        {
            output.WriteLine($"{reason.Value,6}  {reason.Key}");
        }

        Assert.True(escaped.Count == 0, $"{escaped.Count} exceptions other than ImageReadException escaped:\n" + string.Join("\n", escaped.Take(5)));
        Assert.True(slow.Count == 0, "Above the time bound:\n" + string.Join("\n", slow.Take(5)));
        Assert.True(heavy.Count == 0, "Above the memory bound:\n" + string.Join("\n", heavy.Take(5)));
        // The mutations must exercise both paths, or the run proves little.
        Assert.True(outcomes.GetValueOrDefault("read") > Files / 100 && outcomes.GetValueOrDefault("refused") > Files / 4, string.Join(", ", outcomes));
    }
}
