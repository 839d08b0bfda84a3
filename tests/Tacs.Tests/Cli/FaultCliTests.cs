using Tacs.Host.Imaging;
using Tacs.Tests.Support;

namespace Tacs.Tests.Cli;

/// <summary>The out-of-tree fault set through the commands a user runs: every good page processed, the stack written,
/// and an exit code that says some pages failed.</summary>
public sealed class FaultCliTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly PluginFolders _plugins = new();

    public FaultCliTests()
    {
        _plugins.AddTestPlugin("Faults");
        Assert.Equal(0, CliRunner.Run("example", "-o", _temp.Path, "--size", "16", "--frames", "5").ExitCode);
    }

    [Fact]
    public void DenoiseWritesEveryPageWhenOnePageThrowsAndExitsWithPagesFailed()
    {
        var (code, _, error) = CliRunner.Run("denoise", _temp.File("noisy.tif"), "-o", _temp.File("out.tif"), "-m", "failon", "-p", "frame=2", "--plugins", _plugins.Root);

        Assert.True(code == 5, $"exit {code}: {error}");
        Assert.Contains("noisy.tif page 3: Step 1 (test.failon 1.0.0) failed: InvalidOperationException: cannot handle frame 2; written: input page unchanged", error);
        Assert.Contains("1 page(s) failed", error);
        using var input = ImageFiles.Open(_temp.File("noisy.tif"));
        using var output = ImageFiles.Open(_temp.File("out.tif"));
        Assert.Equal(5, output.PageCount);
        Assert.Equal(input.ReadPage(2).Pixels, output.ReadPage(2).Pixels);
        Assert.Equal(input.ReadPage(3).Pixels.Select(v => v + 1), output.ReadPage(3).Pixels);
    }

    [Fact]
    public void RunStopsAHangingStepWithTheStepTimeoutAndGoesOn()
    {
        var (code, _, error) = CliRunner.Run(
            "run", _temp.File("noisy.tif"), "-o", _temp.File("out.tif"), "--chain", "hang(frame=1, ms=60000) | patient(frame=3, ms=60000)",
            "--step-timeout", "0.5", "--on-frame-error", "zero", "--plugins", _plugins.Root);

        Assert.True(code == 5, $"exit {code}: {error}");
        Assert.Contains("2 page(s) failed (2 timed out, 1 abandoned call(s))", error);
        using var output = ImageFiles.Open(_temp.File("out.tif"));
        Assert.All(output.ReadPage(1).Pixels, v => Assert.Equal(0f, v));
        Assert.All(output.ReadPage(3).Pixels, v => Assert.Equal(0f, v));
        Assert.Contains(output.ReadPage(4).Pixels, v => v != 0);
    }

    [Fact]
    public void AcquireSavesEveryRawFrameAndProcessesEveryOtherFramePastAThrowAndTwoHangs()
    {
        var (code, output, error) = CliRunner.Run(
            "acquire", "--frames", "20", "--fps", "5", "--size", "16", "--chain", "failon(frame=5) | hang(frame=10, ms=60000) | patient(frame=15, ms=60000)",
            "--step-timeout", "0.2", "--out", _temp.File("raw.tif"), "--processed-out", _temp.File("processed.tif"), "--plugins", _plugins.Root);

        Assert.True(code == 2, $"exit {code}: {error}");
        var counters = output.Split('\n').SkipWhile(l => !l.StartsWith("received", StringComparison.Ordinal)).Skip(2).First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (received, saved, processed, unprocessed, skipped) = (int.Parse(counters[0]), int.Parse(counters[1]), int.Parse(counters[3]), int.Parse(counters[4]), int.Parse(counters[5]));
        Assert.Equal((20, 20), (received, saved));
        Assert.Equal(received, processed + unprocessed + skipped);
        using var raw = Tacs.Host.Imaging.ImageFiles.Open(_temp.File("raw.tif"));
        Assert.Equal(20, raw.PageCount);
        var pages = Tacs.Host.Imaging.PageProvenance.Read(_temp.File("processed.tif"));
        Assert.Equal(processed + unprocessed, pages.Count);

        // A loaded machine may drop a frame while a hanging step holds the pipeline, so a faulty frame is either
        // written as failed or skipped; it is never written as processed, and no other frame fails.
        var failed = pages.Where(p => p.Provenance.Any(e => e.Notes.ContainsKey("failed"))).Select(p => p.FrameIndex).ToHashSet();
        var written = pages.Select(p => p.FrameIndex).ToHashSet();
        long[] faulty = [5, 10, 15];
        Assert.Equal(unprocessed, failed.Count);
        Assert.NotEmpty(failed);
        Assert.Subset(faulty.Select(f => (long?)f).ToHashSet(), failed);
        Assert.All(faulty, f => Assert.True(failed.Contains(f) || !written.Contains(f), $"frame {f} was written as processed"));
        if (failed.Contains(10))
        {
            Assert.Matches(@"2 hang\(frame=10, ms=60000\)\s+test\.hang\s+1\.0\.0\s+\d+\s+\d+\s+0\s+1\s+1\s", output);
        }
    }

    [Fact]
    public void AMissingDependencyUsedOnlyInsideDenoiseIsCaughtAtLoadNotOnEveryFile()
    {
        var broken = _plugins.AddTestPlugin("LazyDep");
        File.Delete(Path.Combine(broken, "Tacs.TestPlugins.LazyLib.dll"));

        var list = CliRunner.Run("plugins", "list", "--plugins", _plugins.Root);
        var denoise = CliRunner.Run("denoise", _temp.File("noisy.tif"), "-o", _temp.File("out.tif"), "-m", "lazy", "--plugins", _plugins.Root);

        Assert.Equal(6, list.ExitCode);
        Assert.Matches(@"failed: LazyDep: .*needs Tacs\.TestPlugins\.LazyLib 1\.0\.0\.0", list.Out);
        Assert.Matches(@"test\.failon\s+failon\s+1\.0\.0\s+denoiser\s+loaded", list.Out);
        Assert.Equal(1, denoise.ExitCode);
        Assert.Contains("needs Tacs.TestPlugins.LazyLib 1.0.0.0", denoise.Error);
        Assert.False(File.Exists(_temp.File("out.tif")));
    }

    public void Dispose()
    {
        _plugins.Dispose();
        _temp.Dispose();
    }
}
