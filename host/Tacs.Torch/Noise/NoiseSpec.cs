namespace Tacs.Torch.Noise;

/// <summary>What is known about the noise of an image; unknown values are estimated from the image.</summary>
/// <param name="PoissonGaussian">True for signal-dependent noise (handled through the Anscombe transform).</param>
/// <param name="Sigma">Gaussian standard deviation in image units, or null to estimate.</param>
/// <param name="Gain">Poisson–Gaussian gain, or null to estimate.</param>
/// <param name="ReadNoise">Poisson–Gaussian read noise, or null to estimate.</param>
/// <param name="Offset">Dark level subtracted before the Anscombe transform.</param>
public sealed record NoiseSpec(bool PoissonGaussian = false, double? Sigma = null, double? Gain = null, double? ReadNoise = null, double Offset = 0)
{
    /// <summary>Gaussian noise with the given or an estimated σ.</summary>
    public static NoiseSpec Gaussian(double? sigma = null) => new(false, sigma);

    /// <summary>Poisson–Gaussian noise with the given or estimated parameters.</summary>
    public static NoiseSpec Mixed(double? gain = null, double? readNoise = null, double offset = 0) => new(true, null, gain, readNoise, offset);
}
