using System.Diagnostics;
using Tacs.Host.Batch;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;
using Tacs.Tests.Support;

namespace Tacs.Tests.Batch;

/// <summary>A plugin that throws or hangs on one page costs that page only: the stack is still written.</summary>
public sealed class FrameFaultTests : IDisposable
{
    private readonly PluginFolders _folders = new();
    private readonly Tacs.Host.Plugins.PluginCatalog _catalog;
    private readonly TempFolder _temp = new();

    public FrameFaultTests()
    {
        _folders.AddTestPlugin("Faults");
        _catalog = _folders.Load();
    }

    [Fact]
    public void AThrowOnPage3Of5StillWritesTheStackWithThatPageUnchangedAndItsFailureInProvenance()
    {
        var input = WriteStack("s.tif", 5);

        var summary = Runner("failon(frame=2)").Run(input, _temp.File("out.tif"), new BatchOptions());

        Assert.Equal((1, 0, 5L), (summary.FilesDone, summary.FilesFailed, summary.Pages));
        var failure = Assert.Single(summary.PageFailures);
        Assert.Equal((2, false), (failure.Page, failure.TimedOut));
        Assert.Contains("cannot handle frame 2", failure.Reason);
        using var output = ImageFiles.Open(_temp.File("out.tif"));
        Assert.Equal([1f, 101f, 200f, 301f, 401f], Enumerable.Range(0, 5).Select(p => output.ReadPage(p).Pixels[0]));
        var provenance = PageProvenance.Read(_temp.File("out.tif"));
        Assert.Equal(5, provenance.Count);
        var failed = Assert.Single(provenance[2].Provenance);
        Assert.Equal(("test.failon", "1.0.0"), (failed.PluginId, failed.PluginVersion));
        Assert.Contains("cannot handle frame 2", failed.Notes["failed"]);
        Assert.Equal("input page unchanged", failed.Notes["written"]);
        Assert.Equal("2", failed.Parameters["frame"]);
        foreach (var page in new[] { 0, 1, 3, 4 })
        {
            var entry = Assert.Single(provenance[page].Provenance);
            Assert.Equal("test.failon", entry.PluginId);
            Assert.False(entry.Notes.ContainsKey("failed"), $"page {page} did not fail");
        }
    }

    [Fact]
    public void TheZeroPolicyWritesAPageOfZerosAndTheFailPolicyWritesNothing()
    {
        var input = WriteStack("s.tif", 4);

        Runner("failon(frame=1)").Run(input, _temp.File("zero.tif"), new BatchOptions { OnFrameError = FrameErrorPolicy.Zero });
        var failAll = Runner("failon(frame=1)").Run(input, _temp.File("none.tif"), new BatchOptions { OnFrameError = FrameErrorPolicy.Fail });

        using var zero = ImageFiles.Open(_temp.File("zero.tif"));
        Assert.All(zero.ReadPage(1).Pixels, v => Assert.Equal(0f, v));
        Assert.Equal(301f, zero.ReadPage(3).Pixels[0]);
        Assert.Equal("zeros", PageProvenance.Read(_temp.File("zero.tif"))[1].Provenance.Single().Notes["written"]);
        Assert.Equal((0, 1), (failAll.FilesDone, failAll.FilesFailed));
        Assert.Contains("cannot handle frame 1", failAll.Failures.Single().Reason);
        Assert.False(File.Exists(_temp.File("none.tif")));
    }

    [Fact]
    public void AHangThatIgnoresCancellationIsAbandonedAndTheNextPagesRunOnAFreshInstance()
    {
        var input = WriteStack("s.tif", 4);
        var chain = ChainBuilder.Build("hang(frame=1, ms=30000)", _catalog, Serilog.Log.Logger).WithStepTimeout(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var summary = new BatchRunner(chain, Serilog.Log.Logger).Run(input, _temp.File("out.tif"), new BatchOptions());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        var failure = Assert.Single(summary.PageFailures);
        Assert.Equal((1, true), (failure.Page, failure.TimedOut));
        Assert.Contains("ignored cancellation", failure.Reason);
        Assert.Equal(1, summary.AbandonedCalls);
        Assert.Equal((1L, 1L), (chain.Steps[0].TimedOut, chain.Steps[0].Abandoned));
        using var output = ImageFiles.Open(_temp.File("out.tif"));
        // The hung object would hang on every later call; pages 3 and 4 prove a fresh one took over.
        Assert.Equal([1f, 100f, 201f, 301f], Enumerable.Range(0, 4).Select(p => output.ReadPage(p).Pixels[0]));
        Assert.Contains("timed out after 300 ms", PageProvenance.Read(_temp.File("out.tif"))[1].Provenance.Single().Notes["failed"]);
    }

    [Fact]
    public void AHangThatHonoursCancellationIsStoppedAndNotAbandoned()
    {
        var input = WriteStack("s.tif", 3);
        var chain = ChainBuilder.Build("patient(frame=0, ms=30000)", _catalog, Serilog.Log.Logger).WithStepTimeout(TimeSpan.FromMilliseconds(300));
        var workersBefore = chain.Steps[0].Workers.Started;
        var clock = Stopwatch.StartNew();

        var summary = new BatchRunner(chain, Serilog.Log.Logger).Run(input, _temp.File("out.tif"), new BatchOptions());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        var failure = Assert.Single(summary.PageFailures);
        Assert.Equal((0, true), (failure.Page, failure.TimedOut));
        Assert.Contains("the plugin stopped", failure.Reason);
        Assert.Equal((0L, 1L), (summary.AbandonedCalls, chain.Steps[0].TimedOut));
        // The worker came back after the cancelled call and served the next pages.
        Assert.Equal(workersBefore + 1, chain.Steps[0].Workers.Started);
        using var output = ImageFiles.Open(_temp.File("out.tif"));
        Assert.Equal([0f, 101f, 201f], Enumerable.Range(0, 3).Select(p => output.ReadPage(p).Pixels[0]));
    }

    [Fact]
    public void StoppingTheRunStopsAHungStepPromptly()
    {
        var chain = ChainBuilder.Build("hang(ms=30000)", _catalog, Serilog.Log.Logger).WithStepTimeout(TimeSpan.FromSeconds(60));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() => chain.Process(Frames.Constant(4, 4, 1), stop.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void ATimeLimitMustBePositive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChainBuilder.Build("failon", _catalog, Serilog.Log.Logger).WithStepTimeout(TimeSpan.Zero));

    public void Dispose()
    {
        _catalog.Dispose();
        _folders.Dispose();
        _temp.Dispose();
    }

    private BatchRunner Runner(string chain) => new(ChainBuilder.Build(chain, _catalog, Serilog.Log.Logger), Serilog.Log.Logger);

    private string WriteStack(string name, int pages)
    {
        var path = _temp.File(name);
        using var writer = new TiffStackWriter(path, pages);
        for (var p = 0; p < pages; p++)
        {
            writer.Write(Frames.Constant(6, 4, p * 100, SampleFormat.UInt16));
        }

        writer.Complete();
        return path;
    }
}
