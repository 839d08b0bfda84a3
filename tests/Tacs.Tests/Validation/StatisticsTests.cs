using Tacs.Host.Quality;
using Tacs.Validation.Statistics;
using Tacs.Validation.Study;

namespace Tacs.Tests.Validation;

public sealed class StatisticsTests
{
    [Fact]
    public void TheCorrectedIntervalMatchesAHandComputation()
    {
        // mean 0.8; s² = 0.025 / 4 = 0.00625; corrected (1/5 + 0.2/0.8)·s² = 0.0028125; se = 0.0530330;
        // t(0.975, 4) = 2.7764451; half width = 0.1472437.
        var interval = ResampledT.MeanInterval([0.8, 0.9, 0.7, 0.85, 0.75], testFraction: 0.2);

        Assert.Equal(0.8, interval.Mean, 12);
        Assert.Equal(0.8 - 0.1472437, interval.Low, 5);
        Assert.Equal(0.8 + 0.1472437, interval.High, 5);
        Assert.True(interval.Contains(interval.Mean));
    }

    [Fact]
    public void AnIntervalIsCutAtTheBoundsOfTheScore()
    {
        var interval = ResampledT.MeanInterval([1, 1, 0.9, 1], testFraction: 0.25, min: 0, max: 1);

        Assert.Equal(1, interval.High);
        Assert.True(interval.Low < interval.Mean);
        Assert.True(ResampledT.MeanInterval([1, 1, 0.9, 1], 0.25).High > 1);
    }

    [Fact]
    public void ThePairedTestMatchesAHandComputation()
    {
        // differences 0.1, 0.05, 0.05, 0.1, 0.1: mean 0.08, corrected se 0.0183712, t = 4.3546484, df 4, p = 0.012113.
        var comparison = ResampledT.Paired([0.7, 0.8, 0.75, 0.7, 0.8], [0.8, 0.85, 0.8, 0.8, 0.9], testFraction: 0.2);

        Assert.Equal(0.08, comparison.Difference.Mean, 12);
        Assert.Equal(4.3546484, comparison.T, 6);
        Assert.Equal(4, comparison.DegreesOfFreedom);
        Assert.Equal(0.012113, comparison.PValue, 5);
        Assert.Equal(0.08 - (2.7764451 * 0.0183712), comparison.Difference.Low, 5);
    }

    [Fact]
    public void IdenticalMethodsDifferByNothing()
    {
        var comparison = ResampledT.Paired([0.6, 0.7, 0.8], [0.6, 0.7, 0.8], 1 / 3.0);

        Assert.Equal((0.0, 0.0, 0.0, 1.0), (comparison.Difference.Mean, comparison.Difference.Low, comparison.Difference.High, comparison.PValue));
    }

    [Fact]
    public void BadInputsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => ResampledT.MeanInterval([0.5], 0.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ResampledT.MeanInterval([0.5, 0.6], 1.0));
        Assert.Throws<ArgumentException>(() => ResampledT.Paired([0.5, 0.6], [0.5], 0.5));
    }

    [Fact]
    public void RocPointsFollowTheScores()
    {
        var (fpr, tpr) = Roc.Curve([0.9, 0.8, 0.7, 0.6], [true, false, true, false]);

        Assert.Equal([0, 0, 0.5, 0.5, 1], fpr);
        Assert.Equal([0, 0.5, 0.5, 1, 1], tpr);
    }

    [Fact]
    public void TiedScoresGiveOnePoint()
    {
        var (fpr, tpr) = Roc.Curve([0.5, 0.5, 0.5, 0.5], [true, false, true, false]);

        Assert.Equal([0, 1.0], fpr);
        Assert.Equal([0, 1.0], tpr);
    }

    [Fact]
    public void TheNoiseEstimateFindsTheNoiseOfAFlatImage()
    {
        var random = new Random(2);
        var pixels = Enumerable.Range(0, 256 * 256).Select(_ => (float)(1000 + (12 * Tacs.Host.Synthetic.NoiseModel.Gaussian(random)))).ToArray();

        Assert.InRange(NoiseEstimate.Sigma(pixels, 256, 256), 11.5, 12.5);
    }

    [Fact]
    public void MethodNoiseStructureSeparatesRemovingNoiseFromBlurring()
    {
        var random = new Random(5);
        var clean = Tacs.Host.Synthetic.FluorescenceScene.Draw(128, 128, 1000, random);
        var noisy = new float[clean.Length];
        new Tacs.Host.Synthetic.NoiseModel(Gain: 4, ReadNoise: 10).Apply(clean, noisy, random);
        var blurred = new float[clean.Length];
        using (var source = OpenCvSharp.Mat.FromPixelData(128, 128, OpenCvSharp.MatType.CV_32FC1, clean))
        using (var target = new OpenCvSharp.Mat())
        {
            OpenCvSharp.Cv2.GaussianBlur(source, target, new OpenCvSharp.Size(0, 0), 3);
            target.GetArray(out blurred);
        }

        // A perfect denoiser returns the clean image: the removed part is pure (Poisson) noise.
        Assert.InRange(NoiseEstimate.MethodNoiseStructure(noisy, clean, 128, 128), -0.1, 0.1);
        // Blurring the clean image removes only structure.
        Assert.True(NoiseEstimate.MethodNoiseStructure(clean, blurred, 128, 128) > 0.5);
    }

    [Fact]
    public void TooFewImagesForTheForestAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => (ValidationOptions.Quick with { PerClass = 8 }).Validate());
        Assert.Contains("the random forest needs at least 10", error.Message);
    }
}
