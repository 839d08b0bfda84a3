using Tacs.Sdk.Frames;
using Tacs.Torch.Inference;
using Tacs.Torch.Noise;
using Tacs.Torch.Tests.Support;

namespace Tacs.Torch.Tests.Inference;

public sealed class SelfEnsembleTests
{
    [Fact]
    public void EverySymmetryIsUndoneByItsInverseAndAllEightDiffer()
    {
        var image = Enumerable.Range(0, 5 * 3).Select(i => (float)i).ToArray();
        var seen = new HashSet<string>();
        for (var s = 0; s < Symmetry.Count; s++)
        {
            var (moved, w, h) = Symmetry.Apply(image, 5, 3, s);
            Assert.Equal((s & 4) != 0 ? (3, 5) : (5, 3), (w, h));
            Assert.Equal(image, Symmetry.Invert(moved, w, h, s));
            Assert.True(seen.Add(string.Join(",", moved)), $"symmetry {s} repeats another");
        }

        // Symmetry 4 is the plain transpose: pixel (x, y) moves to (y, x).
        var (transposed, width, _) = Symmetry.Apply(image, 5, 3, 4);
        Assert.Equal(image[(2 * 5) + 4], transposed[(4 * width) + 2]);
    }

    [Fact]
    public void TheEnsembleIsExactlyEquivariantWhereThePlainNetworkIsNot()
    {
        using var network = Synthetic.TinyNetwork();
        var (_, noisy) = Synthetic.Image(37, 23, 0.1, seed: 11);
        var (transposed, tw, th) = Symmetry.Apply(noisy, 37, 23, 4);
        var noise = NoiseSpec.Gaussian(0.1);

        var plain = new FrameDenoiser(network, TilingOptions.Default);
        var plainGap = Gap(plain.Denoise(noisy, 37, 23, SampleFormat.Float32, noise).Pixels, plain.Denoise(transposed, tw, th, SampleFormat.Float32, noise).Pixels);
        var ensemble = new FrameDenoiser(network, TilingOptions.Default, selfEnsemble: true);
        var ensembleGap = Gap(ensemble.Denoise(noisy, 37, 23, SampleFormat.Float32, noise).Pixels, ensemble.Denoise(transposed, tw, th, SampleFormat.Float32, noise).Pixels);

        Assert.True(plainGap > 1e-3, $"the plain network is unexpectedly symmetric ({plainGap})");
        Assert.True(ensembleGap < 1e-5, $"the ensemble of a transposed frame differs from the transposed ensemble by {ensembleGap}");

        // D(frame) and transpose-back of D(transposed frame) compared pixel by pixel.
        float Gap(float[] direct, float[] ofTransposed) =>
            direct.Zip(Symmetry.Invert(ofTransposed, tw, th, 4), (a, b) => Math.Abs(a - b)).Max();
    }

    [Fact]
    public void TheEnsembleStaysCloseToThePlainOutputAndKeepsTheSize()
    {
        using var network = Synthetic.TinyNetwork();
        var (_, noisy) = Synthetic.Image(101, 7, 0.1, seed: 12);
        var plain = new FrameDenoiser(network, TilingOptions.Default).Denoise(noisy, 101, 7, SampleFormat.Float32, NoiseSpec.Gaussian(0.1)).Pixels;
        var averaged = new FrameDenoiser(network, TilingOptions.Default, selfEnsemble: true).Denoise(noisy, 101, 7, SampleFormat.Float32, NoiseSpec.Gaussian(0.1)).Pixels;
        Assert.Equal(plain.Length, averaged.Length);
        var meanDifference = plain.Zip(averaged, (a, b) => Math.Abs(a - b)).Average();
        Assert.InRange(meanDifference, 1e-6, 0.2);
    }
}
