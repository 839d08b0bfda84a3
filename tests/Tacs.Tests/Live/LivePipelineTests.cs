using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Live;
using Tacs.Sdk.Frames;
using Tacs.Tests.Support;

namespace Tacs.Tests.Live;

public sealed class LivePipelineTests : IDisposable
{
    private readonly PluginFolders _folders = new();
    private readonly Tacs.Host.Plugins.PluginCatalog _catalog;
    private readonly TempFolder _temp = new();

    public LivePipelineTests()
    {
        _folders.AddTestPlugin("Kit");
        _folders.AddShippedPlugin("Denoise.Gaussian");
        _catalog = _folders.Load();
    }

    [Fact]
    public async Task ASlowStepSkipsFramesForProcessingButNeverForSaving()
    {
        var camera = new SimulatedCamera(new SimulatedCameraOptions { Size = 32, FramesPerSecond = 400, Frames = 200 });

        var status = await RunAsync(camera, "sleep(ms=25)");

        Assert.Equal(200, status.Received);
        Assert.Equal(200, status.Saved);
        Assert.True(status.Skipped > 50, $"skipped {status.Skipped}");
        Assert.True(status.Processed > 0);
        Assert.Equal(status.Received, status.Processed + status.PassedUnprocessed + status.Skipped);
        Assert.Empty(status.Errors);
    }

    [Fact]
    public async Task TheSavedStackReReadsIdenticalToWhatTheSourceProduced()
    {
        var camera = new SimulatedCamera(new SimulatedCameraOptions { Size = 48, FramesPerSecond = 0, Frames = 20, Format = SampleFormat.UInt16 });

        var status = await RunAsync(camera, "gaussian(sigma=1)");

        Assert.Equal(20, status.Saved);
        using var saved = ImageFiles.Open(status.RawOutput!);
        Assert.Equal((20, SampleFormat.UInt16), (saved.PageCount, saved.Format));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(camera.PixelsOf(i), saved.ReadPage(i).Pixels);
        }
    }

    [Fact]
    public async Task AFullRawQueueMakesTheSourceWaitAndLosesNothing()
    {
        var camera = new SimulatedCamera(new SimulatedCameraOptions { Size = 512, FramesPerSecond = 0, Frames = 40 });
        await using var pipeline = new LivePipeline(_catalog, Serilog.Log.Logger);
        pipeline.Start(new LiveOptions { RawOutput = _temp.File("q.tif"), RawQueueFrames = 1 }, camera);
        await pipeline.SourceCompletion.WaitAsync(TimeSpan.FromSeconds(60));
        var status = await pipeline.StopAsync();

        Assert.Equal((40L, 40L), (status.Received, status.Saved));
        Assert.InRange(status.SaveStalls, 0, 40);
        using var saved = ImageFiles.Open(_temp.File("q.tif"));
        for (var i = 0; i < 40; i += 13)
        {
            Assert.Equal(camera.PixelsOf(i), saved.ReadPage(i).Pixels);
        }
    }

    [Fact]
    public async Task APluginThatThrowsIsIsolatedAndTheRunGoesOn()
    {
        var camera = new SimulatedCamera(new SimulatedCameraOptions { Size = 16, FramesPerSecond = 0, Frames = 30 });

        var status = await RunAsync(camera, "offset(fail=true) | gaussian(sigma=1)");

        Assert.Equal((30L, 30L), (status.Received, status.Saved));
        Assert.Equal(status.Received, status.Processed + status.PassedUnprocessed + status.Skipped);
        Assert.True(status.PassedUnprocessed > 0);
        Assert.Equal(0, status.Processed);
        Assert.Equal(status.Steps[0].Failed, status.PassedUnprocessed + status.Steps[1].Skipped);
        Assert.Contains("asked to fail", status.Steps[0].LastError);
        Assert.Contains(status.Errors, e => e.Contains("step 1 'offset'") && e.Contains("asked to fail"));
    }

    [Fact]
    public async Task AStepPastItsTimeLimitPassesTheFrameOnMarked()
    {
        await using var pipeline = new LivePipeline(_catalog, Serilog.Log.Logger);
        pipeline.Start(new LiveOptions { Chain = ChainSpec.Parse("sleep(ms=5000)"), StepTimeout = TimeSpan.FromMilliseconds(100) }, source: null);

        pipeline.Push(Frames.Constant(8, 8, 1));
        await WaitUntil(() => pipeline.LatestProcessed is not null);
        var status = await pipeline.StopAsync();

        Assert.Equal(1, status.Steps[0].TimedOut);
        Assert.Equal(1, status.PassedUnprocessed);
        Assert.StartsWith("timed out after 100 ms", pipeline.LatestProcessed!.Metadata.Values["tacs.step1"]);
    }

    [Fact]
    public async Task AStackIsReplayed()
    {
        var stack = _temp.File("s.tif");
        using (var writer = new TiffStackWriter(stack, 3))
        {
            for (var p = 0; p < 3; p++)
            {
                writer.Write(Frames.Constant(8, 8, p));
            }

            writer.Complete();
        }

        var status = await RunAsync(new StackReplaySource(stack, framesPerSecond: 0, frames: 7), "offset(amount=1)");

        Assert.Equal((7L, 7L), (status.Received, status.Saved));
        using var saved = ImageFiles.Open(status.RawOutput!);
        Assert.Equal([0f, 1f, 2f, 0f, 1f, 2f, 0f], Enumerable.Range(0, 7).Select(i => saved.ReadPage(i).Pixels[0]));
    }

    [Fact]
    public async Task APluginSwappedOnDiskTakesEffectMidRun()
    {
        using var folders = new PluginFolders();
        var folder = folders.AddTestPlugin("Swap.V1", "Swap");
        using var catalog = folders.Load(hotSwap: true);
        await using var pipeline = new LivePipeline(catalog, Serilog.Log.Logger);
        pipeline.Start(new LiveOptions { Chain = ChainSpec.Parse("swap") }, source: null);

        pipeline.Push(Frames.Constant(4, 4, 0));
        await WaitUntil(() => pipeline.LatestProcessed is not null);
        Assert.Equal(1f, pipeline.LatestProcessed!.Pixels[0]);

        PluginFolders.CopyInto(Repo.TestPlugin("Swap.V2"), folder);
        await WaitUntil(() => pipeline.Status().Steps[0].Generation == 2);
        pipeline.Push(Frames.Constant(4, 4, 0));
        await WaitUntil(() => pipeline.LatestProcessed!.Pixels[0] == 2f);

        var status = await pipeline.StopAsync();
        Assert.Equal("2.0.0", status.Steps[0].PluginVersion);
        Assert.Equal("2.0.0", pipeline.LatestProcessed!.Provenance.Single().PluginVersion);
        Assert.Equal(2, status.Received);
    }

    [Fact]
    public async Task BadStartsAreRefusedClearly()
    {
        await using var pipeline = new LivePipeline(_catalog, Serilog.Log.Logger);
        Assert.Contains("No acquisition is running", Assert.Throws<InvalidOperationException>(() => pipeline.Push(Frames.Constant(2, 2, 0))).Message);
        Assert.Throws<ChainException>(() => pipeline.Start(new LiveOptions { Chain = ChainSpec.Parse("nosuch") }, null));
        File.WriteAllText(_temp.File("exists.tif"), "x");
        Assert.Contains("exists", Assert.Throws<ArgumentException>(() => pipeline.Start(new LiveOptions { RawOutput = _temp.File("exists.tif") }, null)).Message);
        pipeline.Start(new LiveOptions(), null);
        Assert.Contains("already running", Assert.Throws<InvalidOperationException>(() => pipeline.Start(new LiveOptions(), null)).Message);
    }

    public void Dispose()
    {
        _catalog.Dispose();
        _folders.Dispose();
        _temp.Dispose();
    }

    private async Task<LiveStatus> RunAsync(IFrameSource source, string chain)
    {
        await using var pipeline = new LivePipeline(_catalog, Serilog.Log.Logger);
        pipeline.Start(new LiveOptions { RawOutput = _temp.File($"raw-{Guid.NewGuid():N}.tif"), Chain = ChainSpec.Parse(chain) }, source);
        await pipeline.SourceCompletion.WaitAsync(TimeSpan.FromSeconds(60));
        return await pipeline.StopAsync();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met within 20 s.");
            await Task.Delay(20);
        }
    }
}
