using Tacs.Host.Chains;
using Tacs.Tests.Support;

namespace Tacs.Tests.Gaussian;

public sealed class GaussianPluginTests : IDisposable
{
    private readonly PluginFolders _folders = new();
    private readonly Tacs.Host.Plugins.PluginCatalog _catalog;

    public GaussianPluginTests()
    {
        _folders.AddShippedPlugin("Denoise.Gaussian");
        _catalog = _folders.Load();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 300)]
    [InlineData(513, 257)]
    public void AConstantImageStaysConstantAtAnySize(int width, int height)
    {
        var output = Chain("gaussian(sigma=3)").Process(Frames.Constant(width, height, 1234));

        Assert.All(output.Pixels, p => Assert.Equal(1234f, p, 2));
    }

    [Fact]
    public void AnImpulseSpreadsIntoANormalisedSymmetricGaussian()
    {
        var frame = Frames.Constant(41, 41, 0, Tacs.Sdk.Frames.SampleFormat.Float32);
        frame.Pixels[(20 * 41) + 20] = 1000;

        var narrow = Chain("gaussian(sigma=1)").Process(frame).Pixels;
        var wide = Chain("gaussian(sigma=3)").Process(frame).Pixels;

        Assert.Equal(1000, narrow.Sum(), 1);
        Assert.Equal(1000, wide.Sum(), 1);
        Assert.Equal(narrow[(20 * 41) + 17], narrow[(20 * 41) + 23], 4);
        Assert.Equal(narrow[(17 * 41) + 20], narrow[(20 * 41) + 23], 4);
        // Peak of a sampled 2-D Gaussian of sigma 1 is about 1000 / (2 pi) = 159.
        Assert.InRange(narrow[(20 * 41) + 20], 150, 170);
        Assert.True(wide[(20 * 41) + 20] < narrow[(20 * 41) + 20] / 5);
    }

    [Fact]
    public void ItReducesNoiseOnARealSyntheticScene()
    {
        var random = new Random(3);
        var clean = Tacs.Host.Synthetic.FluorescenceScene.Draw(128, 128, 1000, random);
        var noisy = new float[clean.Length];
        new Tacs.Host.Synthetic.NoiseModel(4, 20).Apply(clean, noisy, random);

        var output = Chain("gaussian(sigma=1.2)").Process(new Tacs.Sdk.Frames.ImageFrame(128, 128, noisy, Tacs.Sdk.Frames.SampleFormat.UInt16));

        var before = Tacs.Host.Quality.ImageQuality.Psnr(clean, noisy, 1000);
        var after = Tacs.Host.Quality.ImageQuality.Psnr(clean, output.Pixels, 1000);
        Assert.True(after > before + 3, $"PSNR {before:F2} -> {after:F2} dB");
    }

    public void Dispose()
    {
        _catalog.Dispose();
        _folders.Dispose();
    }

    private Chain Chain(string text) => ChainBuilder.Build(text, _catalog, Serilog.Log.Logger);
}
