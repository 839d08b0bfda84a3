using Tacs.Torch.Noise;

namespace Tacs.Torch.Training;

/// <summary>One training image on the network's normalised scale, with its noise level and, for supervised training, its clean version.</summary>
/// <param name="Noisy">Noisy pixels, row-major.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Sigma">Noise standard deviation on the same scale.</param>
/// <param name="Clean">Clean pixels, or null.</param>
/// <param name="Photons">For Poisson–Gaussian data, how the values map to photo-electrons; else null.</param>
public sealed record TrainingImage(float[] Noisy, int Width, int Height, double Sigma, float[]? Clean = null, PhotonScale? Photons = null);
