using Tacs.Torch.Model;
using static TorchSharp.torch;

namespace Tacs.Torch.Training;

/// <summary>Mean squared error against clean patches: the reference that self-supervised methods are compared with.</summary>
public sealed class SupervisedLoss : TrainingLoss
{
    /// <inheritdoc />
    public override string Name => "supervised";

    /// <inheritdoc />
    public override bool NeedsClean => true;

    /// <inheritdoc />
    public override Tensor Compute(DrunetNetwork network, TrainingBatch batch)
    {
        var (noisy, sigma, clean) = (batch.Noisy, batch.Sigma, batch.Clean);
        ArgumentNullException.ThrowIfNull(clean);
        using var scope = NewDisposeScope();
        var output = network.Denoise(noisy, sigma);
        return nn.functional.mse_loss(output, clean).MoveToOuterDisposeScope();
    }
}
