using Tacs.Torch.Model;
using static TorchSharp.torch;

namespace Tacs.Torch.Training;

/// <summary>
/// Neighbor2Neighbor (Huang et al. 2021): two half-size images g₁(y), g₂(y) from two random neighbouring
/// pixels of every 2×2 cell; loss ‖f(g₁(y)) − g₂(y)‖² + γ‖f(g₁(y)) − g₂(y) − (g₁(f(y)) − g₂(f(y)))‖², with f(y)
/// computed without gradient. Needs pixel-independent, zero-mean noise; no noise level needed to train.
/// </summary>
/// <param name="Gamma">Weight of the regulariser (the paper: 2).</param>
public sealed class Neighbor2NeighborLoss(double Gamma = 2.0) : TrainingLoss
{
    // The 8 ordered pairs of 4-neighbours in a 2×2 cell, cells indexed 0=(0,0) 1=(0,1) 2=(1,0) 3=(1,1).
    private static readonly long[] First = [0, 1, 0, 2, 1, 3, 2, 3];
    private static readonly long[] Second = [1, 0, 2, 0, 3, 1, 3, 2];

    /// <inheritdoc />
    public override string Name => "n2n";

    /// <inheritdoc />
    public override bool NeedsSigma => false;

    /// <inheritdoc />
    public override int PatchMultiple => 2 * DrunetOptions.SideMultiple;

    /// <inheritdoc />
    public override Tensor Compute(DrunetNetwork network, TrainingBatch batch)
    {
        var (noisy, sigma) = (batch.Noisy, batch.Sigma);
        using var scope = NewDisposeScope();
        var n = noisy.shape[0];
        var h = noisy.shape[2] / 2;
        var w = noisy.shape[3] / 2;
        var choice = randint(0, 8, [n, 1, h, w, 1], dtype: ScalarType.Int64);
        var first = tensor(First).take(choice);
        var second = tensor(Second).take(choice);
        var g1 = Pick(noisy, first);
        var g2 = Pick(noisy, second);
        Tensor full;
        using (no_grad())
        {
            full = network.Denoise(noisy, sigma);
        }

        var f1 = Pick(full, first);
        var f2 = Pick(full, second);
        var output = network.Denoise(g1, sigma);
        var difference = output - g2;
        var reconstruction = difference.Squared().mean();
        var regulariser = (difference - (f1 - f2)).Squared().mean();
        return reconstruction.Plus(regulariser.Times(Gamma)).MoveToOuterDisposeScope();
    }

    private static Tensor Pick(Tensor images, Tensor index)
    {
        var n = images.shape[0];
        var h = images.shape[2] / 2;
        var w = images.shape[3] / 2;
        var cells = images.reshape(n, 1, h, 2, w, 2).permute(0, 1, 2, 4, 3, 5).reshape(n, 1, h, w, 4);
        return cells.gather(4, index).squeeze(4);
    }
}
