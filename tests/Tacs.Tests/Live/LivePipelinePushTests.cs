using Tacs.Host.Live;
using Tacs.Sdk.Frames;
using Tacs.Tests.Support;

namespace Tacs.Tests.Live;

/// <summary>Frames pushed from outside (the ingest endpoint) learn whether they were saved.</summary>
public sealed class LivePipelinePushTests
{
    [Fact]
    public async Task APushedFrameCompletesOnceSavedAndFailsWithTheReasonWhenItCannotBe()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var pipeline = new LivePipeline(catalog, Serilog.Log.Logger);
        pipeline.Start(new LiveOptions { RawOutput = data.File("raw.tif") }, source: null);

        Assert.True(await pipeline.PushAsync(new ImageFrame(4, 4, new float[16], SampleFormat.UInt16)));
        var error = await Assert.ThrowsAsync<IOException>(() => pipeline.PushAsync(new ImageFrame(2, 2, new float[4], SampleFormat.UInt16)));
        Assert.Contains("Frame 1 was received but not saved", error.Message);
        Assert.Contains("2×2", error.Message);

        var status = await pipeline.StopAsync();
        Assert.Equal((2L, 1L), (status.Received, status.Saved));
        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.PushAsync(new ImageFrame(4, 4, new float[16], SampleFormat.UInt16)));
    }

    [Fact]
    public async Task WithoutARawStackAPushedFrameIsAcceptedAsNotSaved()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        await using var pipeline = new LivePipeline(catalog, Serilog.Log.Logger);
        pipeline.Start(new LiveOptions(), source: null);

        Assert.False(await pipeline.PushAsync(new ImageFrame(4, 4, new float[16], SampleFormat.UInt16)));
        Assert.Equal(1, pipeline.Status().Received);
    }
}
