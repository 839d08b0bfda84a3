using Tacs.Torch.Model;
using Tacs.Torch.Tests.Support;
using Tacs.Torch.Training;
using Tacs.Torch.Weights;
using static TorchSharp.torch;

namespace Tacs.Torch.Tests.Training;

public sealed class DivergenceTests
{
    // Supervised loss that is NaN whenever oneDNN's kernels are in use: a stand-in for the CPU whose kernels broke training.
    private sealed class BrokenKernelLoss : TrainingLoss
    {
        public override string Name => "broken-kernels";

        public override bool NeedsClean => true;

        public override Tensor Compute(DrunetNetwork network, TrainingBatch batch)
        {
            using var scope = NewDisposeScope();
            var fidelity = (network.Denoise(batch.Noisy, batch.Sigma) - batch.Clean!).Squared().mean();
            return (Tacs.Torch.Platform.NativeSwitches.IsOneDnnEnabled() ? fidelity * double.NaN : fidelity).MoveToOuterDisposeScope();
        }
    }

    [Fact]
    public void WhenOnlyOneDnnGivesNaNTrainingSwitchesItOffGoesOnAndRemembers()
    {
        using var temp = new TempFolder();
        var before = Tacs.Torch.Platform.KernelGuard.Ensure();
        var cache = Environment.GetEnvironmentVariable("TACS_CACHE");
        Environment.SetEnvironmentVariable("TACS_CACHE", temp.Path);
        try
        {
            using var network = Synthetic.TinyNetwork(seed: 8);
            Tacs.Torch.Platform.KernelChoice? reported = null;
            var trainer = new DrunetTrainer(network, new BrokenKernelLoss(), new TrainingOptions { Patch = 16, Batch = 2, Steps = 6 })
            {
                KernelFallback = choice => reported = choice,
            };

            var (steps, loss) = trainer.Run(Images());

            Assert.Equal(6, steps);
            Assert.True(double.IsFinite(loss));
            Assert.Equal(("off", "fallback"), (reported!.Cap, reported.Source));
            Assert.Contains("at training step 1", reported.Note, StringComparison.Ordinal);
            Assert.False(Tacs.Torch.Platform.NativeSwitches.IsOneDnnEnabled());
            if (before.Source == "user")
            {
                // A setting the user made in the environment is theirs to change: it is not recorded for later runs.
                Assert.Empty(Directory.GetFiles(temp.Path, "kernel-check-*.json"));
            }
            else
            {
                var remembered = Assert.Single(Directory.GetFiles(temp.Path, "kernel-check-*.json"));
                Assert.Contains("\"Agrees\":false", File.ReadAllText(remembered), StringComparison.Ordinal);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("TACS_CACHE", cache);
            Tacs.Torch.Platform.KernelGuard.Restore(before);
        }
    }

    // Supervised loss that turns NaN (in its value, or only in its gradient), or runs away to −1e9, from a given step on.
    private sealed class FailingLoss(int failFromCall, bool inGradient, bool runaway = false) : TrainingLoss
    {
        private int _calls;

        public override string Name => "failing";

        public override bool NeedsClean => true;

        public override Tensor Compute(DrunetNetwork network, TrainingBatch batch)
        {
            using var scope = NewDisposeScope();
            var output = network.Denoise(batch.Noisy, batch.Sigma);
            var fidelity = (output - batch.Clean!).Squared().mean();
            _calls++;
            if (_calls >= failFromCall)
            {
                // sqrt(0·x) is 0 forward and NaN backward (0 · ∞).
                fidelity = runaway ? (fidelity * 0) - 1e9 : inGradient ? fidelity + (output * 0).sqrt().sum() : fidelity * double.NaN;
            }

            RecordTerm("fidelity", fidelity);
            return fidelity.MoveToOuterDisposeScope();
        }
    }

    // A supervised loss that, from a given call on, reports an error below zero, as a gamed sure-pg does; it judges its
    // means as sure-pg does.
    private sealed class BelowZeroLoss(int fromCall) : TrainingLoss
    {
        private int _calls;

        public override string Name => "below-zero";

        public override bool NeedsClean => true;

        public override string? Implausible(double meanLoss) => new SurePoissonGaussianLoss().Implausible(meanLoss);

        public override Tensor Compute(DrunetNetwork network, TrainingBatch batch)
        {
            using var scope = NewDisposeScope();
            var fidelity = (network.Denoise(batch.Noisy, batch.Sigma) - batch.Clean!).Squared().mean();
            return (++_calls >= fromCall ? (fidelity * 0) - 0.05 : fidelity).MoveToOuterDisposeScope();
        }
    }

    private static List<TrainingImage> Images()
    {
        var (clean, noisy) = Synthetic.Image(48, 48, 0.1, seed: 4);
        return [.. Enumerable.Range(0, 8).Select(_ => new TrainingImage(noisy, 48, 48, 0.1) { Clean = clean })];
    }

    [Fact]
    public void ANaNLossStopsAtOnceNamingStepTermAndCpuAndTheLastCheckpointStaysFinite()
    {
        using var temp = new TempFolder();
        using var network = Synthetic.TinyNetwork(seed: 5);
        var options = new TrainingOptions { Patch = 16, Batch = 2, Steps = 10, CheckpointEvery = 2, CheckpointPath = temp.File("w.ckpt") };
        var trainer = new DrunetTrainer(network, new FailingLoss(failFromCall: 5, inGradient: false), options);

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Run(Images()));

        Assert.Equal(5, error.Step);
        Assert.Contains("fidelity NaN", error.Where, StringComparison.Ordinal);
        Assert.Contains("Training stopped at step 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("CPU: ", error.Message, StringComparison.Ordinal);
        // The same step was retried without oneDNN and failed too: the message blames the training, not the kernels.
        Assert.Contains("without oneDNN failed the same way", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not a finite number", error.Message, StringComparison.Ordinal);
        Assert.Contains("is intact", error.Message, StringComparison.Ordinal);
        var (saved, metadata) = WeightsFile.Load(temp.File("w.ckpt"));
        using (saved)
        {
            Assert.Equal(4, metadata.Steps);
            Assert.All(saved.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
        }
    }

    [Fact]
    public void ALossThatRunsAwayWithoutANaNStopsTrainingToo()
    {
        using var temp = new TempFolder();
        using var network = Synthetic.TinyNetwork(seed: 7);
        var options = new TrainingOptions { Patch = 16, Batch = 2, Steps = 10, CheckpointEvery = 2, CheckpointPath = temp.File("w.ckpt") };
        var trainer = new DrunetTrainer(network, new FailingLoss(failFromCall: 3, inGradient: false, runaway: true), options);

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Run(Images()));

        Assert.Equal(3, error.Step);
        Assert.Contains("the loss reached -1E+09 (fidelity -1E+09)", error.Message, StringComparison.Ordinal);
        Assert.Contains("has run away", error.Message, StringComparison.Ordinal);
        Assert.Contains("a lower --lr", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, WeightsFile.ReadMetadata(temp.File("w.ckpt")).Steps);
    }

    [Fact]
    public void AnErrorEstimateBelowZeroStopsTrainingBeforeItsStepsReachACheckpoint()
    {
        using var temp = new TempFolder();
        using var network = Synthetic.TinyNetwork(seed: 8);
        var options = new TrainingOptions { Patch = 16, Batch = 2, Steps = 10, CheckpointEvery = 2, CheckpointPath = temp.File("w.ckpt") };
        var trainer = new DrunetTrainer(network, new BelowZeroLoss(fromCall: 5), options);

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Run(Images()));

        // Steps 5 and 6 average −0.05: stopped at the report of step 6, and the checkpoint is still that of step 4.
        Assert.Equal(6, error.Step);
        Assert.Contains("averaged -0.05", error.Message, StringComparison.Ordinal);
        Assert.Contains("--method n2n or r2r", error.Message, StringComparison.Ordinal);
        Assert.Contains("predates the steps of that mean", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, WeightsFile.ReadMetadata(temp.File("w.ckpt")).Steps);
        Assert.Null(new SurePoissonGaussianLoss().Implausible(2e-4));
        Assert.Null(new SurePoissonGaussianLoss().Implausible(-0.005));
    }

    [Fact]
    public void ANaNGradientIsCaughtBeforeTheUpdateSoTheWeightsStayFinite()
    {
        using var network = Synthetic.TinyNetwork(seed: 6);
        var trainer = new DrunetTrainer(network, new FailingLoss(failFromCall: 2, inGradient: true), new TrainingOptions { Patch = 16, Batch = 2, Steps = 5 });

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Run(Images()));

        Assert.Equal(2, error.Step);
        Assert.StartsWith("gradient of ", error.Where, StringComparison.Ordinal);
        Assert.All(network.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
    }

    [Fact]
    public void WeightsHoldingNaNAreNeverWritten()
    {
        using var temp = new TempFolder();
        using var network = Synthetic.TinyNetwork(seed: 7);
        using (no_grad())
        {
            network.parameters().First().fill_(float.NaN);
        }

        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Save(temp.File("w.drunet"), network, new WeightsMetadata()));
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("w.drunet")));
    }
}
