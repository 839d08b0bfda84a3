using Tacs.Host.Synthetic;
using Tacs.Torch.Noise;
using Tacs.Torch.Tests.Support;

namespace Tacs.Torch.Tests.Noise;

public sealed class NoiseEstimatorTests
{
    [Theory]
    [InlineData(0.02)]
    [InlineData(0.1)]
    public void GaussianSigmaIsFoundWithin10Percent(double sigma)
    {
        var (_, noisy) = Synthetic.Image(256, 256, sigma, seed: 3);
        Assert.InRange(NoiseEstimator.GaussianSigma(noisy, 256, 256), 0.9 * sigma, 1.1 * sigma);
    }

    [Fact]
    public void PoissonGaussianParametersAreFoundRoughly()
    {
        // Gain 4, read noise 20 on a ramp from 200 to 4000: the variance line the fit must recover.
        var random = new Random(2);
        const int side = 512;
        var pixels = new float[side * side];
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var signal = 200 + (3800.0 * x / side);
                var value = signal + (Math.Sqrt((4 * signal) + 400) * Synthetic.Gaussian(random));
                pixels[(y * side) + x] = (float)value;
            }
        }

        var (gain, read, offset) = NoiseEstimator.PoissonGaussian(pixels, side, side);
        Assert.InRange(gain, 3.4, 4.6);
        Assert.InRange(read, 10, 30);
        Assert.Equal(0, offset);
    }

    [Fact]
    public void ADarkOffsetWithoutReadNoiseIsFoundAsAnOffset()
    {
        // Photon counting with gain 50 above a baseline of 600: variance 50·(mean − 600).
        var random = new Random(4);
        const int side = 512;
        var pixels = new float[side * side];
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var counts = 1 + (60.0 * x / side);
                pixels[(y * side) + x] = (float)(600 + (50 * (counts + (Math.Sqrt(counts) * Synthetic.Gaussian(random)))));
            }
        }

        var (gain, _, offset) = NoiseEstimator.PoissonGaussian(pixels, side, side);
        Assert.InRange(gain, 42, 58);
        Assert.InRange(offset, 450, 750);
    }

    [Fact]
    public void TheAnscombeTransformMakesTheNoiseUnitVarianceAndItsInverseIsUnbiased()
    {
        var transform = new AnscombeTransform(Gain: 2, ReadNoise: 3);
        var random = new Random(9);
        const double signal = 40;
        var values = Enumerable.Range(0, 20000).Select(_ => (float)((2 * NoiseModel.Poisson(signal / 2, random)) + (3 * Synthetic.Gaussian(random)))).ToArray();
        var forward = transform.Forward(values);
        var mean = forward.Average();
        var variance = forward.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(variance, 0.9, 1.1);
        Assert.InRange(transform.Inverse(mean), signal * 0.97, signal * 1.03);
    }
}
