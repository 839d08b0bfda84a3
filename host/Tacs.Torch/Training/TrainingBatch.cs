using static TorchSharp.torch;

namespace Tacs.Torch.Training;

/// <summary>One batch of training patches on the network's scale.</summary>
/// <param name="Noisy">Noisy patches [N, 1, P, P].</param>
/// <param name="Sigma">Noise level of each patch on the network's scale [N].</param>
/// <param name="Clean">Clean patches for supervised training, else null.</param>
/// <param name="Photons">For Poisson–Gaussian data, each patch's <see cref="Noise.PhotonScale"/> as [N, 3]
/// (low, span, read noise² in photo-electrons), else null.</param>
public sealed record TrainingBatch(Tensor Noisy, Tensor Sigma, Tensor? Clean = null, Tensor? Photons = null);
