using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Live;
using Tacs.Tests.Support;

namespace Tacs.Tests.Live;

/// <summary>A live run can save the frames leaving the chain, each page saying which plugin version processed it
/// (or which step failed on it), and counts frames per plugin version across a hot swap.</summary>
public sealed class ProcessedStackTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task AHotSwapShowsInThePerFrameProvenanceAndInTheCountsPerVersion()
    {
        using var folders = new PluginFolders();
        var folder = folders.AddTestPlugin("Swap.V1", "Swap");
        using var catalog = folders.Load(hotSwap: true);
        await using var pipeline = new LivePipeline(catalog, Serilog.Log.Logger);
        pipeline.Start(new LiveOptions { Chain = ChainSpec.Parse("swap"), ProcessedOutput = _temp.File("processed.tif"), RawOutput = _temp.File("raw.tif") }, source: null);

        await Push(pipeline, 2);
        PluginFolders.CopyInto(Repo.TestPlugin("Swap.V2"), folder);
        await WaitUntil(() => pipeline.Status().Steps[0].Generation == 2);
        await Push(pipeline, 3);
        var status = await pipeline.StopAsync();

        Assert.Equal(new Dictionary<string, long> { ["test.swap 1.0.0"] = 2, ["test.swap 2.0.0"] = 3 }, status.FramesByPluginVersion);
        Assert.Equal(5, status.ProcessedSaved);
        var pages = PageProvenance.Read(_temp.File("processed.tif"));
        Assert.Equal([0L, 1, 2, 3, 4], pages.Select(p => p.FrameIndex!.Value));
        Assert.Equal(["1.0.0", "1.0.0", "2.0.0", "2.0.0", "2.0.0"], pages.Select(p => p.Provenance.Single().PluginVersion));
        using var processed = ImageFiles.Open(_temp.File("processed.tif"));
        Assert.Equal([1f, 1f, 2f, 2f, 2f], Enumerable.Range(0, 5).Select(i => processed.ReadPage(i).Pixels[0]));
    }

    [Fact]
    public async Task AFrameOnWhichAStepFailedIsSavedUnchangedWithTheFailureInItsProvenance()
    {
        using var folders = new PluginFolders();
        folders.AddTestPlugin("Faults");
        using var catalog = folders.Load();
        await using var pipeline = new LivePipeline(catalog, Serilog.Log.Logger);
        pipeline.Start(new LiveOptions { Chain = ChainSpec.Parse("failon(frame=1)"), ProcessedOutput = _temp.File("processed.tif") }, source: null);

        await Push(pipeline, 3);
        var status = await pipeline.StopAsync();

        Assert.Equal(new Dictionary<string, long> { ["test.failon 1.0.0"] = 2 }, status.FramesByPluginVersion);
        var pages = PageProvenance.Read(_temp.File("processed.tif"));
        Assert.Equal(3, pages.Count);
        var failed = pages[1].Provenance.Single();
        Assert.Contains("cannot handle frame 1", failed.Notes["failed"]);
        Assert.Equal("frame unchanged by this step", failed.Notes["written"]);
        using var processed = ImageFiles.Open(_temp.File("processed.tif"));
        Assert.Equal([1f, 0f, 1f], Enumerable.Range(0, 3).Select(i => processed.ReadPage(i).Pixels[0]));
    }

    [Fact]
    public async Task AProcessedStackNeedsAChainAndItsOwnFile()
    {
        using var folders = new PluginFolders();
        folders.AddTestPlugin("Kit");
        using var catalog = folders.Load();
        await using var pipeline = new LivePipeline(catalog, Serilog.Log.Logger);
        File.WriteAllText(_temp.File("kept.tif"), "keep me");

        var noChain = Assert.Throws<ArgumentException>(() => pipeline.Start(new LiveOptions { ProcessedOutput = _temp.File("p.tif") }, source: null));
        var sameFile = Assert.Throws<ArgumentException>(() => pipeline.Start(
            new LiveOptions { Chain = ChainSpec.Parse("offset"), RawOutput = _temp.File("s.tif"), ProcessedOutput = _temp.File("s.tif") }, source: null));
        var exists = Assert.Throws<ArgumentException>(() => pipeline.Start(new LiveOptions { Chain = ChainSpec.Parse("offset"), ProcessedOutput = _temp.File("kept.tif") }, source: null));

        Assert.Contains("needs a chain", noChain.Message);
        Assert.Contains("must be different files", sameFile.Message);
        Assert.Contains("kept.tif exists", exists.Message);
        Assert.Equal("keep me", File.ReadAllText(_temp.File("kept.tif")));
        Assert.False(pipeline.IsRunning);
    }

    public void Dispose() => _temp.Dispose();

    // Pushes frames of value 0 (Swap adds its major version; FailOn adds 1) one at a time, each after the previous left the chain.
    private static async Task Push(LivePipeline pipeline, int count)
    {
        var before = pipeline.Status() is var s ? s.Processed + s.PassedUnprocessed : 0;
        for (var i = 1; i <= count; i++)
        {
            pipeline.Push(Frames.Constant(4, 4, 0));
            var done = before + i;
            await WaitUntil(() => pipeline.Status() is var t && t.Processed + t.PassedUnprocessed == done);
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met within 20 s.");
            await Task.Delay(10);
        }
    }
}
