namespace Tacs.Torch.Noise;

/// <summary>
/// How a Poisson–Gaussian image on the network's scale (Anscombe transform, then 0–1 normalisation) maps back to
/// photo-electrons: counts = ((v·Span + Low)/2)² − 3/8 − ReadNoise². In photo-electrons the noise variance is
/// counts + ReadNoise², which is what a loss for Poisson–Gaussian noise needs.
/// </summary>
/// <param name="Low">Anscombe value mapped to 0.</param>
/// <param name="Span">Anscombe range mapped to 0–1.</param>
/// <param name="ReadNoise">Standard deviation of the Gaussian part in photo-electrons (read noise / gain).</param>
public sealed record PhotonScale(double Low, double Span, double ReadNoise);
