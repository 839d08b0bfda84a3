using Tacs.Host.Synthetic;
using Tacs.Plugins.Bm3d.Noise;

namespace Tacs.Plugins.Bm3d.Tests.Noise;

public class NoiseEstimationTests
{
    [Theory]
    [InlineData(5.0)]
    [InlineData(25.0)]
    public void SigmaEstimateIsCloseOnASmoothSceneWithKnownNoise(double sigma)
    {
        var clean = TestData.SmoothScene(256, 256);
        var noisy = TestData.AddGaussian(clean, sigma, 42);
        var estimate = NoiseLevelEstimator.EstimateSigma(noisy, 256, 256);
        Assert.InRange(estimate, sigma * 0.95, sigma * 1.05);
    }

    [Fact]
    public void SigmaEstimateOfARealImageIsNearTheAddedNoise()
    {
        var clean = TestData.ReadSet12("02");
        var noisy = TestData.AddGaussian(clean.Pixels, 25, 1);
        var estimate = NoiseLevelEstimator.EstimateSigma(noisy, clean.Width, clean.Height);
        Assert.InRange(estimate, 23.5, 27.0);
    }

    [Fact]
    public void SigmaEstimateRefusesImagesTooSmallToMeasure()
    {
        var error = Assert.Throws<ArgumentException>(() => NoiseLevelEstimator.EstimateSigma(new float[3], 3, 1));
        Assert.Contains("Give sigma explicitly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PoissonGaussianFitRecoversGainAndReadNoise()
    {
        const int size = 256;
        var clean = new float[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                clean[(y * size) + x] = 20f + (900f * x / size);
            }
        }

        var noisy = new float[clean.Length];
        new NoiseModel(Gain: 3.0, ReadNoise: 6.0).Apply(clean, noisy, new Random(4));
        var (gain, constant) = PoissonGaussianFit.Fit(noisy, size, size, null, null);
        Assert.InRange(gain, 3.0 * 0.9, 3.0 * 1.1);
        Assert.InRange(Math.Sqrt(Math.Max(0, constant)), 6.0 * 0.7, 6.0 * 1.3);
    }

    [Fact]
    public void PoissonGaussianFitRejectsDataWhoseVarianceDoesNotGrowWithBrightness()
    {
        const int size = 128;
        var random = new Random(3);
        var noisy = new float[size * size];
        for (var i = 0; i < noisy.Length; i++)
        {
            // Brighter pixels get less noise, the opposite of shot noise.
            var x = i % size;
            noisy[i] = (float)(10 + (2 * x) + ((12 - (10.0 * x / size)) * NoiseModel.Gaussian(random)));
        }

        var error = Assert.ThrowsAny<ArgumentException>(() => PoissonGaussianFit.Fit(noisy, size, size, null, null));
        Assert.Contains("gain", error.Message, StringComparison.Ordinal);
    }
}
