using System.Globalization;
using Tacs.Torch.Model;
using Tacs.Torch.Noise;
using static TorchSharp.torch;

namespace Tacs.Torch.Training;

/// <summary>
/// Unbiased risk estimate for Poisson–Gaussian noise (PG-SURE, first order; Luisier, Blu &amp; Unser 2011; Le Montagner
/// et al. 2014), taken in photo-electrons rather than after the Anscombe transform. The network still sees and
/// returns the Anscombe scale, as at inference; its output is mapped back with the same unbiased inverse and
/// scored there. With y in photo-electrons, v = λ + s² the noise variance (λ the clean value, s the read noise)
/// and h the estimate: R = (1/m)‖h − y‖² − (1/m)Σv + (2/m)Σv·∂h/∂y, whose expectation is the MSE against the clean
/// image up to second-derivative terms. The weighted divergence is a Monte-Carlo estimate with one Gaussian probe
/// b: (1/τ)·Σv·b·(h(y + τb) − h(y)). The textbook estimate of v is y + s²; by default λ is taken from the network's
/// own estimate h instead, held constant for the gradient (<paramref name="VarianceWindow"/>). It minimises the
/// error in the units the image is measured in and does not assume the Anscombe-transformed noise is Gaussian.
/// </summary>
/// <param name="Tau">Finite-difference step as a fraction of the photo-electrons at the top of the patch's scale.</param>
/// <param name="SecondOrder">Also take the second-order term with ∂²h/∂y² (with the pixel's own weight −(y/2 + s²),
/// from the noise reaching the weight and the Poisson shift; with a neighbour weight +λ/2, the Poisson skew only),
/// estimated from a third pass h(y − τb): the divergence by central differences, the curvature as
/// (b² − 1)(h(y + τb) + h(y − τb) − 2h(y))/(2τ²). Experimental; measured no better (docs/drunet.md).</param>
/// <param name="VarianceWindow">An odd side w ≥ 3: each pixel's noise variance is taken from the mean of its w×w
/// neighbours without the pixel itself, which carries none of that pixel's noise, so the network cannot lower the
/// weighted divergence by making its derivative depend on the pixel's own noise (it did, by 2 dB, with the
/// textbook weight y + s²). 0: the textbook weight, from the pixel's own noisy value. <see cref="FromEstimate"/>
/// (the default): from the network's own estimate.</param>
/// <param name="CleanWeight">Diagnostic for benchmarks with known clean images: take λ from the clean patches, the
/// weight a perfect estimate would give (<paramref name="VarianceWindow"/> is then ignored). Needs clean images,
/// so it is not a self-supervised loss; it measures how much the weight's estimate costs.</param>
/// <param name="Probes">Probes averaged in the divergence estimate (first order only); each costs one more forward
/// pass. More probes lower the estimate's Monte-Carlo noise, which matters with long training (<c>tacs train drunet --probes</c>;
/// measured in docs/drunet.md).</param>
public sealed class SurePoissonGaussianLoss(double Tau = 0.001, bool SecondOrder = false, int VarianceWindow = SurePoissonGaussianLoss.DefaultWindow, bool CleanWeight = false, int Probes = 1) : TrainingLoss
{
    private readonly int _probes = Probes >= 1 && (Probes == 1 || !SecondOrder)
        ? Probes
        : throw new ArgumentException(Probes < 1
            ? $"The number of divergence probes must be at least 1; got {Probes}."
            : "More than one divergence probe is only for the first-order estimate.");

    private readonly int _window = VarianceWindow is 0 or FromEstimate || (VarianceWindow >= 3 && VarianceWindow % 2 == 1)
        ? VarianceWindow
        : throw new ArgumentException($"The variance window must be 0, {FromEstimate} (from the estimate) or an odd side of at least 3; got {VarianceWindow}.");

    /// <summary><c>VarianceWindow</c> value that takes λ from the network's own estimate h, held constant for the
    /// gradient. h depends on the pixel's own noise only through the network's small self-weight, and it estimates
    /// λ better than a neighbour mean does (measured: docs/drunet.md).</summary>
    public const int FromEstimate = -1;

    /// <summary>Default <c>VarianceWindow</c>: <see cref="FromEstimate"/>. Synthetic fluorescence, 4000 steps, mean of
    /// three seeds: 41.20 dB (low light) and 46.58 (bright) against 41.10 and 46.48 with 5×5 neighbours; 12,000
    /// steps (low light, seed 1): 42.14 against 41.77; the pixel's own value gave 40.36 (docs/drunet.md).</summary>
    public const int DefaultWindow = FromEstimate;

    /// <summary>Probes that <c>sure-pg</c> averages when made by <see cref="TrainingLoss.Create"/> (what <c>tacs train drunet</c>
    /// uses): 2, three forward passes per step, 1.5× the time of one probe. Synthetic fluorescence, low light, mean of three
    /// seeds: 41.29 dB against 41.20 with one probe at 4000 steps (ahead on every seed), 42.22 against 42.00 at 12,000
    /// steps (docs/drunet.md). The constructor's own default stays 1, the plain estimate.</summary>
    public const int DefaultProbes = 2;

    /// <inheritdoc />
    public override string Name => "sure-pg";

    /// <summary>Lowest mean loss an honest run shows. The loss estimates a mean squared error over the patch's scale²,
    /// which cannot be below zero; single batches dip a little below it, and honest runs sit near +1e-4.</summary>
    public const double LowestHonestMean = -0.01;

    /// <inheritdoc />
    public override string? Implausible(double meanLoss) => meanLoss >= LowestHonestMean
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"the sure-pg loss, an estimate of the squared error, averaged {meanLoss:G3} over the last steps; no error is below zero, so the network is lowering the estimate instead of the error, and the weights only get worse from here. Seen when training on dim images (a few photo-electrons): the estimate's slope term can be gamed there. Train with --method n2n or r2r instead (docs/drunet.md)");

    /// <summary>The same loss, every other setting kept, averaging <paramref name="probes"/> divergence probes.</summary>
    /// <exception cref="ArgumentException">Fewer than one probe, or more than one with the second-order term.</exception>
    public SurePoissonGaussianLoss WithProbes(int probes) => new(Tau, SecondOrder, VarianceWindow, CleanWeight, probes);

    /// <inheritdoc />
    public override bool NeedsPhotons => true;

    /// <inheritdoc />
    public override bool NeedsClean => CleanWeight;

    /// <inheritdoc />
    public override Tensor Compute(DrunetNetwork network, TrainingBatch batch)
    {
        if (batch.Photons is null)
        {
            throw new ArgumentException("sure-pg is for Poisson–Gaussian data: train with --noise poisson-gaussian (a gain above 0).");
        }

        using var scope = NewDisposeScope();
        var photons = batch.Photons.reshape(-1, PhotonScale.Width, 1, 1);
        var low = photons.narrow(1, 0, 1);
        var span = photons.narrow(1, 1, 1);
        var readVariance = photons.narrow(1, 2, 1);
        var noisy = batch.Noisy;

        var counts = ToPhotons(noisy, low, span, readVariance);
        var estimate = Estimate(network, noisy, batch.Sigma, low, span, readVariance);
        var top = ToPhotons(ones_like(low), low, span, readVariance).AtLeast(1);
        var mean = CleanWeight
            ? ToPhotons(batch.Clean ?? throw new ArgumentException("The clean-weight diagnostic needs clean patches."), low, span, readVariance)
            : _window switch
            {
                // No clean value lies above the top of the image's range. Unbounded, the weight let a network whose
                // estimate ran far above it (fidelity 4e6 photo-electrons², dim synthetic scenes) buy a larger negative
                // divergence term with it, and the loss fell without limit.
                FromEstimate => minimum(estimate.detach(), top),
                0 => counts,
                _ => NeighbourMean(counts, _window),
            };
        var variance = mean.Plus(readVariance);
        var step = top.Times(Tau);

        // The estimate for the input moved by offset photo-electrons (one more forward pass).
        Tensor Moved(Tensor offset) => Estimate(network, FromPhotons(counts.Plus(offset), low, span, readVariance), batch.Sigma, low, span, readVariance);
        var probe = randn_like(noisy);
        var shifted = Moved(probe * step);
        Tensor divergence;
        if (SecondOrder)
        {
            var opposite = Moved(-(probe * step));
            var slope = probe * (shifted - opposite) / step.Times(2);
            var curvature = (probe.Squared().Plus(-1) * (shifted.Plus(opposite) - estimate.Times(2))) / step.Squared().Times(2);
            // With the pixel's own value as weight: E[(y − λ)h] ≈ E[(y + s²)h′ − (y/2 + s²)h″]. With a weight free of
            // the pixel's noise only the Poisson skew is left: E[(y − λ)h] ≈ (λ + s²)E[h′] + (λ/2)E[h″].
            var curvatureWeight = _window != 0 || CleanWeight ? mean.Times(0.5) : counts.Times(0.5).Plus(readVariance).Times(-1);
            divergence = (variance * slope).Plus(curvatureWeight * curvature).mean([1, 2, 3]);
        }
        else
        {
            Tensor Term(Tensor b, Tensor moved) => (variance * b * (moved - estimate) / step).mean([1, 2, 3]);
            divergence = Term(probe, shifted);
            for (var k = 1; k < _probes; k++)
            {
                var another = randn_like(noisy);
                divergence = divergence.Plus(Term(another, Moved(another * step)));
            }

            divergence = divergence.DividedBy(_probes);
        }

        var fidelity = (estimate - counts).Squared().mean([1, 2, 3]);
        var noiseVariance = variance.mean([1, 2, 3]);
        RecordTerm("fidelity", fidelity);
        RecordTerm("noise variance", noiseVariance);
        RecordTerm("divergence", divergence);
        var risk = (fidelity - noiseVariance).Plus(divergence.Times(2));
        // Each patch's risk relative to its scale², so bright and dim patches weigh alike (and the loss is ~1e-3).
        return (risk / top.flatten().Squared()).mean().MoveToOuterDisposeScope();
    }

    /// <summary>Network scale → photo-electrons (the algebraic inverse of the forward transform, exact for inputs).</summary>
    internal static Tensor ToPhotons(Tensor values, Tensor low, Tensor span, Tensor readVariance) =>
        (values * span).Plus(low).Squared().Times(0.25).Plus(-0.375) - readVariance;

    /// <summary>Photo-electrons → network scale (the forward Anscombe transform, then the patch's normalisation).</summary>
    internal static Tensor FromPhotons(Tensor counts, Tensor low, Tensor span, Tensor readVariance) =>
        (counts.Plus(readVariance).Plus(0.375).AtLeast(0).sqrt().Times(2) - low) / span;

    /// <summary>Network output → photo-electrons with the unbiased inverse used at inference (the tensor form of
    /// <see cref="AnscombeTransform.Inverse"/>; a test holds the two together).</summary>
    internal static Tensor UnbiasedInverse(Tensor output, Tensor low, Tensor span, Tensor readVariance)
    {
        var d = (output * span).Plus(low).AtLeast(0.8);
        var inverse = d.reciprocal();
        var inverseSquare = inverse.Squared();
        var counts = d.Squared().Times(0.25).Plus(inverse.Times(0.25 * AnscombeTransform.RootThreeHalves)) - inverseSquare.Times(11.0 / 8);
        counts = counts.Plus((inverseSquare * inverse).Times(5.0 / 8 * AnscombeTransform.RootThreeHalves));
        return (counts.Plus(-0.125) - readVariance).AtLeast(0);
    }

    /// <summary>Mean of each pixel's w×w neighbourhood without the pixel itself (edges reflected).</summary>
    internal static Tensor NeighbourMean(Tensor values, int window)
    {
        var weights = Enumerable.Repeat(1f, window * window).ToArray();
        weights[window * window / 2] = 0;
        var kernel = tensor(weights, [1, 1, window, window]);
        var padded = nn.functional.pad(values, [window / 2, window / 2, window / 2, window / 2], TorchSharp.PaddingModes.Reflect);
        return nn.functional.conv2d(padded, kernel).DividedBy((window * window) - 1);
    }

    private static Tensor Estimate(DrunetNetwork network, Tensor input, Tensor sigma, Tensor low, Tensor span, Tensor readVariance) =>
        UnbiasedInverse(network.Denoise(input, sigma), low, span, readVariance);
}
