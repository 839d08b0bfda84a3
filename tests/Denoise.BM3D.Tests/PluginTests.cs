using System.Globalization;
using Serilog;
using Tacs.Host.Chains;
using Tacs.Host.Plugins;
using Tacs.Host.Quality;
using Tacs.Host.Synthetic;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.Plugins.Bm3d.Tests;

public class PluginTests
{
    private static readonly Bm3dDenoiser Plugin = new();

    private static ParameterValues Values(params (string Name, string Value)[] given) =>
        ParameterValues.Create(Plugin.Manifest.Parameters, given.ToDictionary(p => p.Name, p => p.Value));

    private static (ImageFrame Output, PluginContext Context) Denoise(ImageFrame input, params (string Name, string Value)[] given)
    {
        var output = input.WithPixels();
        var context = PluginContext.None;
        Plugin.Denoise(input, output, Values(given), context);
        return (output, context);
    }

    [Fact]
    public void LoadsFromThePluginsFolderAndRunsInAChainRecordingTheEstimatedSigma()
    {
        var folder = Path.Combine(TestData.PluginsFolder, "Denoise.BM3D");
        Assert.True(File.Exists(Path.Combine(folder, "Denoise.BM3D.dll")), $"build the solution first: {folder} has no Denoise.BM3D.dll");
        using var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = TestData.PluginsFolder }, Log.Logger);
        catalog.LoadAll();
        var slot = catalog.Resolve("bm3d");
        Assert.Equal("denoise.bm3d", slot.Current.Manifest.Id);
        Assert.NotSame(typeof(Bm3dDenoiser).Assembly, slot.Current.Plugin.GetType().Assembly);

        var chain = ChainBuilder.Build("bm3d(sigma=auto, profile=fast)", catalog, Log.Logger);
        var clean = TestData.SmoothScene(96, 96);
        var input = new ImageFrame(96, 96, TestData.AddGaussian(clean, 12, 4), SampleFormat.UInt8);
        var output = chain.Process(input);

        var entry = Assert.Single(output.Provenance);
        var estimated = double.Parse(entry.Notes["sigma_estimated"], CultureInfo.InvariantCulture);
        Assert.InRange(estimated, 11, 13);
        Assert.True(ImageQuality.Psnr(clean, output.Pixels, 255) > ImageQuality.Psnr(clean, input.Pixels, 255) + 6);
    }

    [Fact]
    public void DataThatAreNotPoissonGaussianFallBackToGaussianNoiseAndSaySo()
    {
        // Noise that shrinks as the signal grows: no positive gain fits it.
        var random = new Random(8);
        var pixels = new float[128 * 128];
        for (var i = 0; i < pixels.Length; i++)
        {
            var signal = 100 + (i % 128 * 10);
            pixels[i] = (float)(signal + ((1400 - signal) / 20.0 * NoiseModel.Gaussian(random)));
        }

        var (output, context) = Denoise(new ImageFrame(128, 128, pixels, SampleFormat.UInt16), ("noise", "poisson-gaussian"));

        Assert.StartsWith("gaussian: The noise variance does not grow with brightness", context.Notes["noise_fallback"]);
        Assert.True(context.Notes.ContainsKey("sigma_estimated"));
        Assert.All(output.Pixels, p => Assert.True(float.IsFinite(p)));
    }

    [Fact]
    public void AnExplicitGainThatDoesNotFitIsStillTheUsersCall()
    {
        var frame = new ImageFrame(64, 64, [.. Enumerable.Range(0, 64 * 64).Select(i => (float)(1000 + (i % 7)))], SampleFormat.UInt16);

        var (output, context) = Denoise(frame, ("noise", "poisson-gaussian"), ("gain", "2"), ("read_noise", "3"));

        Assert.False(context.Notes.ContainsKey("noise_fallback"));
        Assert.All(output.Pixels, p => Assert.True(float.IsFinite(p)));
    }

    [Theory]
    [InlineData("sigma", "-1", "below the minimum")]
    [InlineData("sigma", "lots", "not a number")]
    [InlineData("profile", "turbo", "reference, fast")]
    [InlineData("noise", "speckle", "gaussian, poisson-gaussian")]
    [InlineData("gain", "0", "below the minimum")]
    [InlineData("threads", "-2", "below the minimum")]
    public void BadParametersAreRejectedWithAClearMessage(string name, string value, string expected)
    {
        var error = Assert.Throws<ParameterException>(() => Values((name, value)));
        Assert.Equal(name, error.ParameterName);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryNumericParameterDeclaresItsRange()
    {
        foreach (var spec in Plugin.Manifest.Parameters.Where(p => p.Kind is ParameterKind.Number or ParameterKind.Integer))
        {
            Assert.NotNull(spec.Minimum);
            Assert.NotNull(spec.Maximum);
        }
    }

    [Fact]
    public void NaNPixelsGiveAnErrorNamingTheirPlace()
    {
        var input = new ImageFrame(10, 10, Enumerable.Repeat(50f, 100).ToArray(), SampleFormat.UInt8);
        input.Pixels[23] = float.NaN;
        input.Pixels[57] = float.PositiveInfinity;
        var error = Assert.Throws<ArgumentException>(() => Denoise(input, ("sigma", "5")));
        Assert.Contains("2 NaN or infinite", error.Message, StringComparison.Ordinal);
        Assert.Contains("x=3, y=2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoSigmaOnASinglePixelAsksForAnExplicitSigma()
    {
        var input = new ImageFrame(1, 1, [42f], SampleFormat.UInt8);
        var error = Assert.Throws<ArgumentException>(() => Denoise(input));
        Assert.Contains("Give sigma explicitly", error.Message, StringComparison.Ordinal);
        Assert.Equal(42f, Denoise(input, ("sigma", "10")).Output.Pixels[0], 0.01f);
    }

    [Fact]
    public void PoissonGaussianModeDenoisesCameraDataAndRecordsTheEstimatedNoise()
    {
        const int size = 128;
        var clean = TestData.SmoothScene(size, size).Select(v => v * 4).ToArray();
        var noisy = new float[clean.Length];
        new NoiseModel(Gain: 2.0, ReadNoise: 4.0).Apply(clean, noisy, new Random(12));
        var input = new ImageFrame(size, size, noisy, SampleFormat.UInt16);

        var (known, _) = Denoise(input, ("noise", "poisson-gaussian"), ("gain", "2"), ("read_noise", "4"));
        var (estimated, context) = Denoise(input, ("noise", "poisson-gaussian"));

        var peak = clean.Max();
        var before = ImageQuality.Psnr(clean, noisy, peak);
        Assert.True(ImageQuality.Psnr(clean, known.Pixels, peak) > before + 8);
        Assert.True(ImageQuality.Psnr(clean, estimated.Pixels, peak) > before + 8);
        Assert.InRange(double.Parse(context.Notes["gain_estimated"], CultureInfo.InvariantCulture), 1.6, 2.4);
        Assert.Contains("read_noise_estimated", context.Notes.Keys);

        // Unbiased: the mean brightness is kept.
        Assert.Equal(clean.Average(), known.Pixels.Average(), clean.Average() * 0.005);
    }
}
