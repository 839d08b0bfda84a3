using Tacs.Torch.Tests.Support;
using Tacs.Torch.Training;
using static TorchSharp.torch;

namespace Tacs.Torch.Tests.Model;

/// <summary>
/// TorchSharp turns numbers into native Scalars behind operators (a + b passes alpha = 1); if the collector finalizes
/// such a temporary while libtorch still reads it, the call fails with a corrupted scalar. A training run crashed so
/// after 16,000 steps; these tests force collections on another thread so the race shows within seconds.
/// </summary>
public sealed class ConcurrentCollectionTests
{
    [Fact]
    public async Task ArithmeticHelpersSurviveCollectionsOnAnotherThread()
    {
        // The same loop with the plain operators (a + b, a * 2.0, a / 3.0) failed within a second here; a − b and
        // a * b (tensors) pass no scalar and are safe.
        using var a = ones(8, 8);
        using var b = ones(8, 8);
        await UnderCollectionPressure(() =>
        {
            using var scope = NewDisposeScope();
            var sum = (a.Plus(b).Times(2.0).DividedBy(4.0).Plus(0.5).AtLeast(1.0) - b) * a;
            Assert.Equal(0.5f, sum[0, 0].item<float>());
            Assert.Equal(2.25f, a.Plus(0.5).Squared()[0, 0].item<float>());
        }, iterations: 100_000);
    }

    [Fact]
    public async Task InferenceSurvivesCollectionsOnAnotherThread()
    {
        using var network = Synthetic.TinyNetwork(seed: 21);
        var (_, noisy) = Synthetic.Batch(2, 32, 0.1, seed: 3);
        using var input = tensor(noisy, [2, 1, 32, 32]);
        using var sigma = tensor(new[] { 0.1f, 0.1f });
        await UnderCollectionPressure(() =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            network.Denoise(input, sigma);
        }, iterations: 500);
    }

    [Theory]
    [InlineData("n2n")]
    [InlineData("r2r")]
    [InlineData("sure")]
    [InlineData("supervised")]
    public async Task TrainingLossesSurviveCollectionsOnAnotherThread(string method)
    {
        using var network = Synthetic.TinyNetwork(seed: 22);
        network.train();
        var loss = TrainingLoss.Create(method);
        var (clean, noisy) = Synthetic.Batch(2, 32, 0.1, seed: 5);
        using var noisyTensor = tensor(noisy, [2, 1, 32, 32]);
        using var cleanTensor = tensor(clean, [2, 1, 32, 32]);
        using var sigma = tensor(new[] { 0.1f, 0.1f });
        await UnderCollectionPressure(() =>
        {
            using var scope = NewDisposeScope();
            loss.Compute(network, noisyTensor, sigma, cleanTensor).backward();
        }, iterations: 150);
    }

    [Fact]
    public async Task PoissonGaussianSureSurvivesCollectionsOnAnotherThread()
    {
        // sure-pg crashed so in a benchmark run with tensor + tensor in its photon mappings.
        using var network = Synthetic.TinyNetwork(seed: 23);
        network.train();
        var (_, noisy) = Synthetic.Batch(2, 32, 0.1, seed: 6);
        using var noisyTensor = tensor(noisy, [2, 1, 32, 32]);
        using var sigma = tensor(new[] { 0.06f, 0.06f });
        using var photons = tensor(new[] { 10f, 16f, 25f, 10f, 16f, 25f }, [2, 3]);
        var batch = new TrainingBatch(noisyTensor, sigma, null, photons);
        foreach (var loss in new[] { new SurePoissonGaussianLoss(), new SurePoissonGaussianLoss(SecondOrder: true, VarianceWindow: 0) })
        {
            await UnderCollectionPressure(() =>
            {
                using var scope = NewDisposeScope();
                loss.Compute(network, batch).backward();
            }, iterations: 150);
        }
    }

    [Fact]
    public async Task AdamStepSurvivesCollectionsOnAnotherThread()
    {
        using var network = Synthetic.TinyNetwork(seed: 24);
        network.train();
        // TorchSharp's optim.Adam failed this test within seconds ("Expected false to be true" from add_(Scalar)).
        using var optimizer = new AdamOptimizer(network.parameters(), 1e-3);
        var (clean, noisy) = Synthetic.Batch(2, 32, 0.1, seed: 7);
        using var noisyTensor = tensor(noisy, [2, 1, 32, 32]);
        using var cleanTensor = tensor(clean, [2, 1, 32, 32]);
        using var sigma = tensor(new[] { 0.1f, 0.1f });
        var loss = TrainingLoss.Create("supervised");
        await UnderCollectionPressure(() =>
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            loss.Compute(network, noisyTensor, sigma, cleanTensor).backward();
            optimizer.Step();
        }, iterations: 400);
    }

    private static async Task UnderCollectionPressure(Action work, int iterations)
    {
        using var stop = new CancellationTokenSource();
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        try
        {
            for (var i = 0; i < iterations; i++)
            {
                work();
            }
        }
        finally
        {
            await stop.CancelAsync();
            await collector;
        }
    }
}
