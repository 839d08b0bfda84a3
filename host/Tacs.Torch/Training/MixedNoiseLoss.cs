using Tacs.Torch.Model;
using static TorchSharp.torch;

namespace Tacs.Torch.Training;

/// <summary>
/// Self-supervised training on a mix of Gaussian-noise images and Poisson–Gaussian (camera) images, for one blind
/// network that serves both: a batch of Poisson–Gaussian patches (the sampler never mixes kinds in a batch) is scored
/// with <see cref="SurePoissonGaussianLoss"/> in photo-electrons, any other batch with
/// <see cref="RecorruptedToRecorruptedLoss"/>. Both estimate the error against the clean image on the network's scale
/// (SURE-PG relative to the patch's top², R2R up to a constant), so their gradients are of a like size.
/// </summary>
public sealed class MixedNoiseLoss : TrainingLoss
{
    private readonly RecorruptedToRecorruptedLoss _gaussian = new();
    private readonly SurePoissonGaussianLoss _camera = new(Probes: SurePoissonGaussianLoss.DefaultProbes);

    /// <inheritdoc />
    public override string Name => "mixed";

    /// <inheritdoc />
    public override bool AcceptsPhotons => true;

    /// <inheritdoc />
    public override int PatchMultiple => Math.Max(_gaussian.PatchMultiple, _camera.PatchMultiple);

    /// <inheritdoc />
    public override Tensor Compute(DrunetNetwork network, TrainingBatch batch) =>
        batch.Photons is null ? _gaussian.Compute(network, batch) : _camera.Compute(network, batch);
}
