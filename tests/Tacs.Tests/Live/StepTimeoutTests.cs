using Tacs.Host.Chains;
using Tacs.Host.Live;
using Tacs.Tests.Support;

namespace Tacs.Tests.Live;

/// <summary>A step past its time limit is cancelled; a plugin that ignores that is abandoned, and the step recovers
/// from the next frame instead of skipping every frame after a hang.</summary>
public sealed class StepTimeoutTests : IDisposable
{
    private readonly PluginFolders _folders = new();
    private readonly Tacs.Host.Plugins.PluginCatalog _catalog;

    public StepTimeoutTests()
    {
        _folders.AddTestPlugin("Faults");
        _catalog = _folders.Load();
    }

    [Fact]
    public async Task AHangThatIgnoresCancellationCostsOneFrameAndTheStepRecoversWithAFreshInstance()
    {
        var status = await PushFrames("hang(frame=2, ms=30000)", frames: 8);

        Assert.Equal((7L, 1L), (status.Processed, status.PassedUnprocessed));
        var step = Assert.Single(status.Steps);
        Assert.Equal((1L, 1L, 0L, 0L), (step.TimedOut, step.Abandoned, step.Failed, step.Skipped));
        Assert.Contains("ignored cancellation", step.LastError);
    }

    [Fact]
    public async Task AHangThatHonoursCancellationIsStoppedByTheTimeLimitAndNotAbandoned()
    {
        var status = await PushFrames("patient(frame=2, ms=30000)", frames: 6);

        Assert.Equal((5L, 1L), (status.Processed, status.PassedUnprocessed));
        var step = Assert.Single(status.Steps);
        Assert.Equal((1L, 0L), (step.TimedOut, step.Abandoned));
        Assert.Contains("the plugin stopped", step.LastError);
    }

    public void Dispose()
    {
        _catalog.Dispose();
        _folders.Dispose();
    }

    // Frames are pushed one at a time, each after the previous one left the chain, so none is skipped.
    private async Task<LiveStatus> PushFrames(string chain, int frames)
    {
        await using var pipeline = new LivePipeline(_catalog, Serilog.Log.Logger);
        pipeline.Start(new LiveOptions { Chain = ChainSpec.Parse(chain), StepTimeout = TimeSpan.FromMilliseconds(250) }, source: null);
        for (var i = 1; i <= frames; i++)
        {
            pipeline.Push(Frames.Constant(4, 4, i));
            var done = i;
            await WaitUntil(() => pipeline.Status() is var s && s.Processed + s.PassedUnprocessed == done);
        }

        return await pipeline.StopAsync();
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
