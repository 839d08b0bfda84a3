using Tacs.Torch.Tests.Support;
using Tacs.Torch.Training;
using static TorchSharp.torch;

namespace Tacs.Torch.Tests.Training;

public sealed class LossTests
{
    [Theory]
    [InlineData("n2n")]
    [InlineData("r2r")]
    [InlineData("sure")]
    [InlineData("supervised")]
    public void AFewAdamStepsLowerTheLossOnASmallSyntheticBatch(string method)
    {
        var loss = TrainingLoss.Create(method);
        using var network = Synthetic.TinyNetwork(seed: 11);
        network.train();
        const int batch = 4, side = 32;
        var (clean, noisy) = Synthetic.Batch(batch, side, 0.1, seed: 20);

        using var noisyTensor = tensor(noisy, [batch, 1, side, side]);
        using var cleanTensor = tensor(clean, [batch, 1, side, side]);
        using var sigma = tensor(Enumerable.Repeat(0.1f, batch).ToArray());
        // The project's Adam: TorchSharp's optim.Adam passes unheld native Scalars and can corrupt a step when a
        // collection runs on another thread (see AdamOptimizer), which can make such a test fail now and then with NaN.
        using var optimizer = new AdamOptimizer(network.parameters(), 3e-3);

        double Evaluate()
        {
            // Same random draws (sub-sampling, re-corruption, probe) before and after, so only the weights differ.
            random.manual_seed(99);
            using var scope = NewDisposeScope();
            return loss.Compute(network, noisyTensor, sigma, cleanTensor).item<float>();
        }

        var before = Evaluate();
        random.manual_seed(1);
        for (var step = 0; step < 25; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            loss.Compute(network, noisyTensor, sigma, cleanTensor).backward();
            optimizer.Step();
        }

        var after = Evaluate();
        Assert.True(after < before, $"{method}: loss {before} before, {after} after 25 steps");
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.0)]
    public void SureEstimatesTheSupervisedErrorOfTheSameOutput(double tau)
    {
        // SURE is unbiased for the MSE against the clean image: on a 4×128² batch the two agree closely, with the
        // finite-difference divergence and with the exact one from autograd (tau 0).
        using var network = Synthetic.TinyNetwork(seed: 12);
        const int batch = 4, side = 128;
        var (clean, noisy) = Synthetic.Batch(batch, side, 0.1, seed: 40);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var y = tensor(noisy, [batch, 1, side, side]);
        var x = tensor(clean, [batch, 1, side, side]);
        var sigma = tensor(Enumerable.Repeat(0.1f, batch).ToArray());
        random.manual_seed(5);
        var sure = new SureGaussianLoss(tau).Compute(network, y, sigma, null).item<float>();
        var mse = new SupervisedLoss().Compute(network, y, sigma, x).item<float>();
        Assert.True(Math.Abs(sure - mse) < 0.1 * mse + 1e-3, $"SURE {sure}, MSE {mse}");
    }

    [Fact]
    public void UnknownMethodsAreRefusedWithTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingLoss.Create("noise2magic"));
        Assert.Contains("n2n", error.Message, StringComparison.Ordinal);
    }
}
