using Tacs.Sdk.Frames;
using Tacs.Torch.Inference;
using Tacs.Torch.Noise;
using Tacs.Torch.Tests.Support;

namespace Tacs.Torch.Tests.Inference;

public sealed class TiledInferenceTests
{
    [Theory]
    [InlineData(37, 23)]
    [InlineData(2, 2)]
    [InlineData(101, 7)]
    [InlineData(9, 64)]
    public void OddSizesComeBackWithTheirOwnSize(int width, int height)
    {
        using var network = Synthetic.TinyNetwork();
        var (_, noisy) = Synthetic.Image(width, height, 0.1, seed: width);
        var result = TiledInference.Run(network, noisy, width, height, 0.1, TilingOptions.Default);
        Assert.Equal(width * height, result.Length);
        Assert.All(result, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void TiledAndWholeImageInferenceAgreeWithin1e4()
    {
        // The tiny network's receptive field reaches 60 pixels; a 64-pixel margin gives every core its full context.
        using var network = Synthetic.TinyNetwork();
        var (_, noisy) = Synthetic.Image(250, 170, 0.1, seed: 5);
        var whole = TiledInference.Run(network, noisy, 250, 170, 0.1, new TilingOptions(Window: 512, Margin: 64, Blend: 16));
        var tiled = TiledInference.Run(network, noisy, 250, 170, 0.1, new TilingOptions(Window: 192, Margin: 64, Blend: 16));
        var worst = whole.Zip(tiled, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 1e-4, $"largest difference {worst}");
    }

    [Fact]
    public void SmallMarginsStillGiveSeamlessOutputCloseToTheWholeImage()
    {
        using var network = Synthetic.TinyNetwork();
        var (_, noisy) = Synthetic.Image(300, 200, 0.1, seed: 6);
        var whole = TiledInference.Run(network, noisy, 300, 200, 0.1, new TilingOptions(Window: 512));
        var tiled = TiledInference.Run(network, noisy, 300, 200, 0.1, new TilingOptions(Window: 96, Margin: 16, Blend: 16));
        var mean = whole.Zip(tiled, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(mean < 0.01, $"mean difference {mean}");
    }

    [Fact]
    public void NoTensorsAreLeftAliveAfter100Frames()
    {
        using var network = Synthetic.TinyNetwork();
        // Two tiles per frame, so the tiled path is counted too.
        var denoiser = new FrameDenoiser(network, new TilingOptions(Window: 64, Margin: 16, Blend: 8));
        var (_, noisy) = Synthetic.Image(72, 40, 0.1, seed: 7);
        denoiser.Denoise(noisy, 72, 40, SampleFormat.Float32, NoiseSpec.Gaussian(0.1));
        // Earlier tests' unreferenced wrappers must not be finalized during the count and lower it.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = TorchRuntime.LiveTensors;
        for (var frame = 0; frame < 100; frame++)
        {
            denoiser.Denoise(noisy, 72, 40, SampleFormat.Float32, NoiseSpec.Gaussian(0.1));
        }

        Assert.Equal(before, TorchRuntime.LiveTensors);
    }

    [Fact]
    public void SixteenBitFramesStayInRangeAndKeepTheirLevel()
    {
        using var network = Synthetic.TinyNetwork();
        var (clean, noisy) = Synthetic.Image(64, 64, 0.02, seed: 8);
        var pixels = noisy.Select(v => (v * 60000f) + 2000f).ToArray();
        pixels[0] = 65535;
        var (result, _) = new FrameDenoiser(network, TilingOptions.Default).Denoise(pixels, 64, 64, SampleFormat.UInt16, NoiseSpec.Gaussian(1200));
        Assert.All(result, v => Assert.InRange(v, 0f, 65535f));
        Assert.InRange(result.Average(), 1000, 64000);
    }

    [Fact]
    public void NanPixelsAreRefusedWithAClearMessage()
    {
        using var network = Synthetic.TinyNetwork();
        var pixels = new float[16 * 16];
        pixels[40] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => new FrameDenoiser(network, TilingOptions.Default).Denoise(pixels, 16, 16, SampleFormat.Float32, NoiseSpec.Gaussian()));
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, 32, 16, "multiple of 8")]
    [InlineData(128, 60, 16, "margin")]
    [InlineData(128, 32, 40, "blend")]
    public void BadTileSizesAreRefused(int window, int margin, int blend, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new TilingOptions(window, margin, blend).Validate());
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
