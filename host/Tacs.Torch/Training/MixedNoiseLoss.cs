using Tacs.Torch.Model;
using static TorchSharp.torch;

namespace Tacs.Torch.Training;

/// <summary>
/// Training on images of two noise models at once, each patch scored by a loss made for its noise: patches of
/// Gaussian images (natural images with <c>--add-noise</c>) by <paramref name="Gaussian"/>, patches of camera-noise
/// images (synthetic fluorescence scenes, Poisson–Gaussian stacks) by <paramref name="Camera"/>. A loss such as
/// Recorrupted-to-Recorrupted is unbiased only for Gaussian noise of the level it is told; after the Anscombe
/// transform, dim camera noise is neither. The batch loss is the two losses' mean weighted by their patch counts.
/// </summary>
/// <param name="Gaussian">Loss for patches without a photon scale.</param>
/// <param name="Camera">Loss for patches with one (<see cref="TrainingBatch.Photons"/>, span above 0).</param>
public sealed class MixedNoiseLoss(TrainingLoss Gaussian, TrainingLoss Camera) : TrainingLoss
{
    private readonly TrainingLoss _gaussian = Gaussian.NeedsPhotons || Gaussian.NeedsClean
        ? throw new ArgumentException($"{Gaussian.Name} cannot score Gaussian images without a photon scale or clean images.")
        : Gaussian;

    private readonly TrainingLoss _camera = Camera.NeedsClean
        ? throw new ArgumentException($"{Camera.Name} needs clean images; the mixed loss is self-supervised.")
        : Camera;

    /// <summary>The loss for Gaussian patches.</summary>
    public TrainingLoss ForGaussian => _gaussian;

    /// <summary>The loss for camera-noise patches.</summary>
    public TrainingLoss ForCamera => _camera;

    /// <inheritdoc />
    public override string Name => $"{_gaussian.Name}+{_camera.Name}";

    /// <inheritdoc />
    public override bool NeedsPhotons => true;

    /// <inheritdoc />
    public override string? CannotTrainOn(int gaussianImages, int cameraImages) => gaussianImages > 0 && cameraImages > 0
        ? null
        : $"Method {Name} scores Gaussian images with {_gaussian.Name} and camera-noise images with {_camera.Name}, but all {gaussianImages + cameraImages} images have {(cameraImages == 0 ? "Gaussian" : "camera")} noise; use one method.";

    /// <inheritdoc />
    public override int PatchMultiple => Math.Max(_gaussian.PatchMultiple, _camera.PatchMultiple);

    /// <inheritdoc />
    public override Tensor Compute(DrunetNetwork network, TrainingBatch batch)
    {
        var photons = batch.Photons ?? throw new ArgumentException("The mixed loss needs each patch's photon scale (zero for Gaussian patches).");
        using var scope = NewDisposeScope();
        ForgetTerms();
        var isCamera = photons.select(1, 1).gt(0);
        var cameraRows = isCamera.nonzero().flatten();
        var gaussianRows = isCamera.logical_not().nonzero().flatten();
        var (cameraCount, gaussianCount) = (cameraRows.shape[0], gaussianRows.shape[0]);
        Tensor? total = null;
        if (gaussianCount > 0)
        {
            var part = new TrainingBatch(batch.Noisy.index_select(0, gaussianRows), batch.Sigma.index_select(0, gaussianRows));
            var value = _gaussian.Compute(network, part);
            RecordTerm(_gaussian.Name, value);
            total = value.Times(gaussianCount);
        }

        if (cameraCount > 0)
        {
            var part = new TrainingBatch(batch.Noisy.index_select(0, cameraRows), batch.Sigma.index_select(0, cameraRows), Photons: photons.index_select(0, cameraRows));
            var value = _camera.Compute(network, part);
            RecordTerm(_camera.Name, value);
            var camera = value.Times(cameraCount);
            total = total is null ? camera : total + camera;
        }

        return total!.DividedBy(gaussianCount + cameraCount).MoveToOuterDisposeScope();
    }
}
