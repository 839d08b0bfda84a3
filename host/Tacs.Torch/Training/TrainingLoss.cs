using Tacs.Torch.Model;
using static TorchSharp.torch;

namespace Tacs.Torch.Training;

/// <summary>A training objective: from a batch of noisy patches (and clean ones when supervised) to a scalar loss.</summary>
public abstract class TrainingLoss
{
    /// <summary>Short name used on the command line and in weights metadata.</summary>
    public abstract string Name { get; }

    /// <summary>True when the loss needs the clean patches.</summary>
    public virtual bool NeedsClean => false;

    /// <summary>True when the loss needs the noise level of the data (it is always given to the network).</summary>
    public virtual bool NeedsSigma => true;

    /// <summary>True when the loss needs the photon scale of Poisson–Gaussian data (<see cref="TrainingBatch.Photons"/>).</summary>
    public virtual bool NeedsPhotons => false;

    /// <summary>
    /// Null when this loss can train on images of these noise kinds (counts of images without and with a photon scale),
    /// else what is wrong and what to do. By default a loss that needs the photon scale refuses Gaussian images.
    /// </summary>
    public virtual string? CannotTrainOn(int gaussianImages, int cameraImages) => NeedsPhotons && gaussianImages > 0
        ? $"Method {Name} is for Poisson–Gaussian data: train with --noise poisson-gaussian (and a gain above 0)."
        : null;

    /// <summary>
    /// Why a mean of this loss over recent steps cannot be an honest value of it (a risk estimate below zero), or null.
    /// Training stops on such a mean: the network is then lowering the estimate, not the error.
    /// </summary>
    public virtual string? Implausible(double meanLoss) => null;

    /// <summary>The terms of the last <see cref="Compute(DrunetNetwork, TrainingBatch)"/> that has several (for example
    /// fidelity and divergence), so that a loss that turns non-finite can be traced to its term. Empty for single-term losses.</summary>
    public IReadOnlyDictionary<string, double> LastTerms => _terms;

    private readonly Dictionary<string, double> _terms = [];

    /// <summary>Forgets the terms of earlier batches (for a loss whose terms differ from batch to batch).</summary>
    protected void ForgetTerms() => _terms.Clear();

    /// <summary>Records a term's batch mean for <see cref="LastTerms"/>.</summary>
    protected void RecordTerm(string name, Tensor value)
    {
        using var scope = NewDisposeScope();
        _terms[name] = value.mean().item<float>();
    }

    /// <summary>Smallest multiple the patch side must be.</summary>
    public virtual int PatchMultiple => DrunetOptions.SideMultiple;

    /// <summary>Computes the loss of one batch.</summary>
    /// <param name="network">The network being trained.</param>
    /// <param name="batch">The patches and what is known about their noise.</param>
    public abstract Tensor Compute(DrunetNetwork network, TrainingBatch batch);

    /// <summary>Computes the loss of a batch without a photon scale.</summary>
    /// <param name="network">The network being trained.</param>
    /// <param name="noisy">Noisy patches [N, 1, P, P].</param>
    /// <param name="sigma">Noise level of each patch [N].</param>
    /// <param name="clean">Clean patches for supervised training, else null.</param>
    public Tensor Compute(DrunetNetwork network, Tensor noisy, Tensor sigma, Tensor? clean) => Compute(network, new TrainingBatch(noisy, sigma, clean));

    /// <summary>The loss of the given name.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static TrainingLoss Create(string name) => name.ToLowerInvariant() switch
    {
        "n2n" or "neighbor2neighbor" => new Neighbor2NeighborLoss(),
        "r2r" or "recorrupted" => new RecorruptedToRecorruptedLoss(),
        "sure" => new SureGaussianLoss(),
        "sure-pg" => new SurePoissonGaussianLoss(Probes: SurePoissonGaussianLoss.DefaultProbes),
        "supervised" => new SupervisedLoss(),
        _ => throw new ArgumentException($"Unknown training method '{name}'; use n2n (Neighbor2Neighbor), r2r (Recorrupted-to-Recorrupted), sure, sure-pg (Poisson–Gaussian data) or supervised."),
    };

    /// <summary>Names accepted by <see cref="Create"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["n2n", "r2r", "sure", "sure-pg", "supervised"];

    /// <summary>[N] → [N, 1, 1, 1] for broadcasting over images.</summary>
    protected static Tensor PerImage(Tensor values) => values.reshape(-1, 1, 1, 1);
}
