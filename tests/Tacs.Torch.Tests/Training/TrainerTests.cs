using Tacs.Torch.Model;
using Tacs.Torch.Tests.Support;
using Tacs.Torch.Training;
using Tacs.Torch.Weights;
using static TorchSharp.torch;

namespace Tacs.Torch.Tests.Training;

public sealed class TrainerTests
{
    private static List<TrainingImage> Images(int count, int side = 64)
    {
        var images = new List<TrainingImage>();
        for (var i = 0; i < count; i++)
        {
            var (clean, noisy) = Synthetic.Image(side, side, 0.1, seed: 100 + i);
            images.Add(new TrainingImage(noisy, side, side, 0.1, clean));
        }

        return images;
    }

    private static TrainingOptions Options(string? checkpoint, int steps) => new()
    {
        Patch = 32,
        Batch = 2,
        Steps = steps,
        Seed = 4,
        CheckpointEvery = 3,
        CheckpointPath = checkpoint,
    };

    [Fact]
    public void TheSameSeedGivesTheSameWeights()
    {
        float[] Train()
        {
            random.manual_seed(4);
            using var network = new DrunetNetwork(new DrunetOptions([4, 8, 8, 8], 1));
            new DrunetTrainer(network, new RecorruptedToRecorruptedLoss(), Options(null, 4)).Run(Images(4));
            return network.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }

        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void AResumedRunEndsWhereAnUninterruptedRunEnds()
    {
        using var temp = new TempFolder();
        float[] Weights(DrunetNetwork n) => n.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

        random.manual_seed(4);
        using var straight = new DrunetNetwork(new DrunetOptions([4, 8, 8, 8], 1));
        new DrunetTrainer(straight, new SupervisedLoss(), Options(temp.File("a.ckpt"), 6)).Run(Images(4));

        random.manual_seed(4);
        using (var first = new DrunetNetwork(new DrunetOptions([4, 8, 8, 8], 1)))
        {
            // Stopped by cancellation after the checkpoint at step 3, as a user pressing Ctrl+C would.
            using var stop = new CancellationTokenSource();
            var progress = new Progress(p => { if (p.Step == 3) { stop.Cancel(); } });
            new DrunetTrainer(first, new SupervisedLoss(), Options(temp.File("b.ckpt"), 6)) { ReportEvery = 1 }.Run(Images(4), 0, progress, stop.Token);
        }

        var (resumed, metadata) = WeightsFile.Load(temp.File("b.ckpt"));
        using (resumed)
        {
            Assert.Equal(3, metadata.Steps);
            new DrunetTrainer(resumed, new SupervisedLoss(), Options(temp.File("b.ckpt"), 6)).Run(Images(4), metadata.Steps);
            var a = Weights(straight);
            var b = Weights(resumed);
            Assert.Equal(a.Length, b.Length);
            Assert.True(a.Zip(b, (x, y) => Math.Abs(x - y)).Max() < 1e-5, "resumed weights differ from the uninterrupted run");
        }
    }

    [Fact]
    public void TooLittleDataIsRefusedWithAClearMessage()
    {
        using var network = Synthetic.TinyNetwork();
        var trainer = new DrunetTrainer(network, new RecorruptedToRecorruptedLoss(), Options(null, 2));
        Assert.Contains("No training images", Assert.Throws<ArgumentException>(() => trainer.Run([])).Message, StringComparison.Ordinal);
        Assert.Contains("smaller than the 32×32 patch", Assert.Throws<ArgumentException>(() => trainer.Run(Images(2, side: 20))).Message, StringComparison.Ordinal);
        Assert.Contains("Too little training data", Assert.Throws<ArgumentException>(() => trainer.Run(Images(1, side: 48))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadSettingsAreAllReportedAtOnce()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingOptions { Patch = 30, Batch = 0, LearningRate = 2 }.Validate(16));
        Assert.Contains("--patch", error.Message, StringComparison.Ordinal);
        Assert.Contains("--batch", error.Message, StringComparison.Ordinal);
        Assert.Contains("--lr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLearningRateFollowsACosineFromStartToFinal()
    {
        using var network = Synthetic.TinyNetwork();
        var trainer = new DrunetTrainer(network, new SupervisedLoss(), new TrainingOptions { Steps = 100, LearningRate = 1e-3, FinalLearningRate = 1e-5 });
        Assert.Equal(1e-3, trainer.LearningRateAt(0), 9);
        Assert.Equal(5.05e-4, trainer.LearningRateAt(50), 9);
        Assert.Equal(1e-5, trainer.LearningRateAt(100), 9);
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
