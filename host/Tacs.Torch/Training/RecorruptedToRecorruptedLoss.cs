using Tacs.Torch.Model;
using static TorchSharp.torch;

namespace Tacs.Torch.Training;

/// <summary>
/// Recorrupted-to-Recorrupted (Pang et al. 2021) for Gaussian noise of known σ: with ω ~ N(0, σ²) and
/// a = √(α/(1−α)), y₁ = y + a·ω and y₂ = y − ω/a have independent noises, so ‖f(y₁) − y₂‖² trains f like
/// Noise2Noise. The network is told y₁'s noise level σ·√(1 + a²).
/// </summary>
/// <param name="Alpha">Split of the re-corruption (0 &lt; α &lt; 1; 0.15–0.5 in the literature).</param>
public sealed class RecorruptedToRecorruptedLoss(double Alpha = 0.2) : TrainingLoss
{
    /// <inheritdoc />
    public override string Name => "r2r";

    /// <inheritdoc />
    public override Tensor Compute(DrunetNetwork network, TrainingBatch batch)
    {
        var (noisy, sigma) = (batch.Noisy, batch.Sigma);
        using var scope = NewDisposeScope();
        var a = Math.Sqrt(Alpha / (1 - Alpha));
        var omega = randn_like(noisy) * PerImage(sigma);
        var input = noisy.Plus(omega.Times(a));
        var target = noisy - omega.DividedBy(a);
        var output = network.Denoise(input, sigma.Times(Math.Sqrt(1 + (a * a))));
        return nn.functional.mse_loss(output, target).MoveToOuterDisposeScope();
    }
}
