using Tacs.Collagen.Boundaries;
using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;

namespace Tacs.Collagen.Tests.Classification;

/// <summary>An image's scale against the model's: resample when both pixel sizes are known, warn otherwise (issue 20).</summary>
public class ScaleCheckTests
{
    private static readonly ModelMetadata Model = new() { BandWidth = 100, PixelSizeMicrons = 1.0, ImageSide = 512 };

    [Fact]
    public void AnImageOfTheModelsScaleAndBandPassesUntouched()
    {
        var decision = ScaleCheck.Decide(Model, 512, 512, 1.1, 100);

        Assert.Equal(1, decision.Factor);
        Assert.Empty(decision.Warnings);
        Assert.Empty(decision.Notes);
    }

    [Fact]
    public void ASmallerImageOfUnknownPixelSizeIsWarnedAbout()
    {
        var decision = ScaleCheck.Decide(Model, 256, 256, null, 100);

        Assert.Equal(1, decision.Factor);
        var warning = Assert.Single(decision.Warnings);
        Assert.Contains("pixel size unknown", warning, StringComparison.Ordinal);
        Assert.Contains("512 px", warning, StringComparison.Ordinal);
        Assert.Contains("--pixel-size", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void AKnownCoarserPixelSizeIsResampledToTheModels()
    {
        var decision = ScaleCheck.Decide(Model, 256, 256, 2.0, 100);

        Assert.Equal(2.0, decision.Factor);
        Assert.Empty(decision.Warnings);
        Assert.Contains("256×256 → 512×512", Assert.Single(decision.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutResamplingAnotherPixelSizeIsAWarning()
    {
        var decision = ScaleCheck.Decide(Model, 256, 256, 2.0, 100, rescale: false);

        Assert.Equal(1, decision.Factor);
        Assert.Contains("resampling is off", Assert.Single(decision.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void ABandOtherThanTheModelsIsAWarning()
    {
        var decision = ScaleCheck.Decide(Model, 512, 512, 1.0, 60);

        Assert.Contains("band 60 px differs from the 100 px", Assert.Single(decision.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void ResamplingScalesImageAndBoundaryTogether()
    {
        var pixels = new float[64 * 48];
        var boundary = TumourBoundary.FromPolygon([new(10, 10), new(30, 10), new(30, 30), new(10, 30)], 64, 48);

        var (resampled, width, height) = Resampling.Image(pixels, 64, 48, 2);
        var scaled = Resampling.Boundary(boundary, 2);

        Assert.Equal((128, 96), (width, height));
        Assert.Equal(128 * 96, resampled.Length);
        Assert.Equal((128, 96), (scaled.Width, scaled.Height));
        Assert.True(scaled.IsInside(40, 40));
        Assert.False(scaled.IsInside(70, 70));
        Assert.Contains("too small", Assert.Throws<ArgumentException>(() => Resampling.Image(pixels, 64, 48, 0.2)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Resampling.Image(pixels, 64, 48, double.NaN));
    }
}
