using Tacs.Host.Synthetic;
using Tacs.Sdk.Frames;
using Tacs.Torch.Inference;
using Tacs.Torch.Noise;
using Tacs.Torch.Tests.Support;
using Tacs.Torch.Training;
using static TorchSharp.torch;

namespace Tacs.Torch.Tests.Training;

public sealed class MixedNoiseLossTests
{
    private const int Side = 32;

    // Patches 0 and 2 Gaussian (σ 0.1 on the 0–1 scale), 1 and 3 dim camera noise through the Anscombe transform.
    private static TrainingBatch Batch()
    {
        var random = new Random(5);
        var camera = new NoiseModel(Gain: 2, ReadNoise: 2, Offset: 100);
        var values = new List<float>();
        var sigma = new float[4];
        var photons = new float[4 * PhotonScale.Width];
        for (var i = 0; i < 4; i++)
        {
            var (shape, _) = Synthetic.Image(Side, Side, 0, 40 + i);
            if (i % 2 == 0)
            {
                values.AddRange(shape.Select(v => (float)(v + (0.1 * NormalDraw(random)))));
                sigma[i] = 0.1f;
                continue;
            }

            var signal = shape.Select(v => (float)(v * 6)).ToArray();
            var noisy = new float[signal.Length];
            camera.Apply(signal, noisy, random);
            var prepared = PreparedImage.From(noisy, Side, Side, SampleFormat.UInt16, NoiseSpec.Mixed(camera.Gain, camera.ReadNoise, camera.Offset));
            values.AddRange(prepared.Values);
            sigma[i] = (float)prepared.Sigma;
            prepared.Photons!.WriteTo(photons.AsSpan(i * PhotonScale.Width, PhotonScale.Width));
        }

        return new TrainingBatch(tensor(values.ToArray(), [4, 1, Side, Side]), tensor(sigma), Photons: tensor(photons, [4, PhotonScale.Width]));
    }

    private static double NormalDraw(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static TrainingBatch Rows(TrainingBatch batch, long[] rows, bool photons)
    {
        var index = tensor(rows);
        return new TrainingBatch(batch.Noisy.index_select(0, index), batch.Sigma.index_select(0, index), Photons: photons ? batch.Photons!.index_select(0, index) : null);
    }

    [Fact]
    public void EachPatchIsScoredByTheLossForItsNoiseWeightedByHowManyThereAre()
    {
        using var network = Synthetic.TinyNetwork(seed: 8);
        var (gaussian, camera) = (new RecorruptedToRecorruptedLoss(), new SurePoissonGaussianLoss(Probes: 2));
        var mixed = new MixedNoiseLoss(gaussian, camera);
        var batch = Batch();

        // Same seed, same draws in the same order: the mixed loss is exactly R2R on the Gaussian rows and PG-SURE on the camera rows.
        random.manual_seed(11);
        var together = mixed.Compute(network, batch).item<float>();
        random.manual_seed(11);
        var apart = (2 * gaussian.Compute(network, Rows(batch, [0, 2], photons: false)).item<float>() + (2 * camera.Compute(network, Rows(batch, [1, 3], photons: true)).item<float>())) / 4;
        Assert.Equal(apart, together, 6);
        Assert.Equal(["r2r", "sure-pg"], mixed.LastTerms.Keys.Order());

        // A batch of one kind is scored by that kind's loss alone.
        random.manual_seed(12);
        var cameraOnly = mixed.Compute(network, Rows(batch, [1, 3], photons: true)).item<float>();
        random.manual_seed(12);
        Assert.Equal(camera.Compute(network, Rows(batch, [1, 3], photons: true)).item<float>(), cameraOnly, 6);
        Assert.Equal("r2r+sure-pg", mixed.Name);
        Assert.True(mixed.NeedsPhotons);
    }

    [Fact]
    public void LossesThatCannotScoreTheirShareAreRefused()
    {
        Assert.Contains("cannot score Gaussian images", Assert.Throws<ArgumentException>(() => new MixedNoiseLoss(new SurePoissonGaussianLoss(), new Neighbor2NeighborLoss())).Message, StringComparison.Ordinal);
        Assert.Contains("needs clean images", Assert.Throws<ArgumentException>(() => new MixedNoiseLoss(new RecorruptedToRecorruptedLoss(), new SupervisedLoss())).Message, StringComparison.Ordinal);
        Assert.Equal(16, new MixedNoiseLoss(new RecorruptedToRecorruptedLoss(), new Neighbor2NeighborLoss()).PatchMultiple);
    }

    [Fact]
    public void TheTrainerRefusesAMixedLossWhenEveryImageHasOneKindOfNoise()
    {
        using var network = Synthetic.TinyNetwork(seed: 9);
        var images = Enumerable.Range(0, 4).Select(i => new TrainingImage(Synthetic.Image(Side, Side, 0.1, i).Noisy, Side, Side, 0.1)).ToList();
        var trainer = new DrunetTrainer(network, new MixedNoiseLoss(new RecorruptedToRecorruptedLoss(), new SurePoissonGaussianLoss()), new TrainingOptions { Patch = 16, Batch = 2, Steps = 1 });
        var error = Assert.Throws<ArgumentException>(() => trainer.Run(images));
        Assert.Contains("all 4 images have Gaussian noise; use one method", error.Message, StringComparison.Ordinal);
    }
}
