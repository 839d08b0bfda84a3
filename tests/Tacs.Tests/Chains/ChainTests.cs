using Tacs.Host.Chains;
using Tacs.Sdk.Frames;
using Tacs.Tests.Support;

namespace Tacs.Tests.Chains;

public sealed class ChainTests : IDisposable
{
    private readonly PluginFolders _folders = new();
    private readonly Tacs.Host.Plugins.PluginCatalog _catalog;

    public ChainTests()
    {
        _folders.AddTestPlugin("Kit");
        _folders.AddShippedPlugin("Denoise.Gaussian");
        _catalog = _folders.Load();
    }

    [Fact]
    public void StepsRunInOrderAndEachAppendsItsProvenance()
    {
        var chain = ChainBuilder.Build("offset(amount=10) | gaussian(sigma=2) | offset(amount=-3) | mean(threshold=5)", _catalog, Serilog.Log.Logger);
        var input = Frames.Constant(32, 24, 100);

        var output = chain.Process(input);

        Assert.All(output.Pixels, p => Assert.Equal(107f, p, 3));
        Assert.All(input.Pixels, p => Assert.Equal(100f, p));
        Assert.Equal(["test.offset", "denoise.gaussian", "test.offset", "test.mean"], output.Provenance.Select(p => p.PluginId));
        Assert.Equal("10", output.Provenance[0].Parameters["amount"]);
        Assert.Equal("10", output.Provenance[0].Notes["offset_applied"]);
        Assert.Equal("2", output.Provenance[1].Parameters["sigma"]);
        var analysis = Assert.Single(output.Analyses);
        Assert.Equal("bright", analysis.Label);
        Assert.Equal(107, analysis.Features["mean"], 3);
        Assert.Empty(input.Provenance);
        Assert.Empty(input.Analyses);
    }

    [Fact]
    public void AnAnalyserFirstAttachesToACopyNotToTheCallersFrame()
    {
        var chain = ChainBuilder.Build("mean", _catalog, Serilog.Log.Logger);
        var input = Frames.Constant(4, 4, 1);

        var output = chain.Process(input);

        Assert.Equal("dark", Assert.Single(output.Analyses).Label);
        Assert.Empty(input.Analyses);
    }

    [Theory]
    [InlineData("offset(amount=5000)", "Step 1 'offset' (test.offset 1.0.0): Parameter 'amount': value '5000' is above the maximum 1000.")]
    [InlineData("offset | gaussian(sigma=-1)", "Step 2 'gaussian' (denoise.gaussian 1.0.0): Parameter 'sigma': value '-1' is below the minimum 0.1.")]
    [InlineData("gaussian(radius=3)", "Step 1 'gaussian' (denoise.gaussian 1.0.0): Unknown parameter 'radius' (known: sigma).")]
    [InlineData("offset | median", "Step 2 'median': No plugin named 'median' (installed: gaussian (denoise.gaussian), mean (test.mean), offset (test.offset), sleep (test.sleep))")]
    public void BadChainsAreRejectedWhenBuiltNamingStepAndParameter(string text, string expected)
    {
        var error = Assert.Throws<ChainException>(() => ChainBuilder.Build(text, _catalog, Serilog.Log.Logger));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void APluginThatThrowsIsReportedWithItsStep()
    {
        var chain = ChainBuilder.Build("gaussian | offset(fail=true)", _catalog, Serilog.Log.Logger);

        var error = Assert.Throws<StepFailedException>(() => chain.Process(Frames.Constant(8, 8, 1)));

        Assert.Equal(2, error.Position);
        Assert.Contains("Step 2 (test.offset 1.0.0) failed: InvalidOperationException: asked to fail", error.Message);
    }

    [Fact]
    public void CancellationStopsBetweenSteps()
    {
        var chain = ChainBuilder.Build("offset | offset", _catalog, Serilog.Log.Logger);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => chain.Process(Frames.Constant(2, 2, 0), cancelled.Token));
    }

    [Fact]
    public void ChainsMayBeCalledFromSeveralThreadsAtOnce()
    {
        var chain = ChainBuilder.Build("offset(amount=1) | gaussian(sigma=1)", _catalog, Serilog.Log.Logger);

        var results = Enumerable.Range(0, 64).AsParallel().Select(i => chain.Process(Frames.Constant(64, 64, i)).Pixels[100]).ToArray();

        Assert.Equal(Enumerable.Range(0, 64).Select(i => i + 1f), results.Select(r => MathF.Round(r, 3)));
    }

    public void Dispose()
    {
        _catalog.Dispose();
        _folders.Dispose();
    }
}
