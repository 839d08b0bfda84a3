using Tacs.Host.Synthetic;
using Tacs.Plugins.Bm3d.Noise;

namespace Tacs.Plugins.Bm3d.Tests.Noise;

public class AnscombeTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(10.0)]
    [InlineData(100.0)]
    public void ExactInverseOfTheMeanTransformIsUnbiasedOnSimulatedData(double photons)
    {
        const double gain = 2.0, readNoise = 3.0, offset = 100.0;
        const int samples = 200_000;
        var transform = new GeneralizedAnscombe(gain, readNoise, offset);
        var random = new Random(17);
        double meanTransformed = 0;
        for (var i = 0; i < samples; i++)
        {
            var z = (gain * NoiseModel.Poisson(photons, random)) + (readNoise * NoiseModel.Gaussian(random)) + offset;
            meanTransformed += transform.Forward(z);
        }

        meanTransformed /= samples;
        var expected = (gain * photons) + offset;
        var exact = transform.Inverse(meanTransformed);

        // Standard error of the mean transform is ~1/√samples; the inverse's slope is ~√λ·gain.
        var tolerance = 4 * gain * Math.Sqrt(photons + 1) / Math.Sqrt(samples) * 2 + 0.01;
        Assert.InRange(exact, expected - tolerance, expected + tolerance);

        // The plain algebraic inverse is biased at low counts: the test can tell the two apart.
        if (photons <= 2)
        {
            var sc = readNoise / gain;
            var algebraic = (gain * ((meanTransformed * meanTransformed / 4) - 0.375 - (sc * sc))) + offset;
            Assert.True(Math.Abs(algebraic - expected) > 5 * tolerance, $"algebraic inverse {algebraic:F3} should be biased away from {expected:F3}");
        }
    }

    [Fact]
    public void TransformStabilisesTheVarianceToAboutOne()
    {
        const double gain = 1.5, readNoise = 2.0;
        var transform = new GeneralizedAnscombe(gain, readNoise, 0);
        var random = new Random(2);
        foreach (var photons in new[] { 20.0, 200.0 })
        {
            var values = new float[50_000];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)transform.Forward((gain * NoiseModel.Poisson(photons, random)) + (readNoise * NoiseModel.Gaussian(random)));
            }

            Assert.InRange(TestData.Variance(values), 0.93, 1.07);
        }
    }

    [Fact]
    public void InverseIsMonotoneAndClampsAtZeroPhotons()
    {
        var transform = new GeneralizedAnscombe(1, 0.5, 10);
        Assert.Equal(10.0, transform.Inverse(-3), 1e-9);
        var previous = double.MinValue;
        for (var d = 0.0; d < 200; d += 0.37)
        {
            var value = transform.Inverse(d);
            Assert.True(value >= previous, $"inverse must not decrease (at D={d})");
            previous = value;
        }
    }

    [Fact]
    public void RejectsANonPositiveGain() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeneralizedAnscombe(0, 1, 0));
}
