namespace Tacs.Torch.Noise;

/// <summary>What is known about the noise of an image; unknown values are estimated from the image.</summary>
/// <param name="PoissonGaussian">True for signal-dependent noise (handled through the Anscombe transform).</param>
/// <param name="Sigma">Gaussian standard deviation in image units, or null to estimate.</param>
/// <param name="Gain">Poisson–Gaussian gain, or null to estimate.</param>
/// <param name="ReadNoise">Poisson–Gaussian read noise, or null to estimate.</param>
/// <param name="Offset">Dark level subtracted before the Anscombe transform.</param>
/// <param name="Automatic">True when the model itself is to be chosen from the image (<see cref="Auto"/>).</param>
public sealed record NoiseSpec(bool PoissonGaussian = false, double? Sigma = null, double? Gain = null, double? ReadNoise = null, double Offset = 0, bool Automatic = false)
{
    /// <summary>
    /// The model chosen from the image: Poisson–Gaussian when the estimated shot noise at the bright end (90th percentile)
    /// is at least <see cref="ShotShare"/> of the read-noise variance, else Gaussian. Camera images of fluorescence go
    /// through the Anscombe transform, images with signal-independent noise (natural photographs, processed data) do not.
    /// </summary>
    public static NoiseSpec Auto() => new(Automatic: true);

    /// <summary>Shot-noise variance at the 90th percentile, as a share of the read-noise variance, from which
    /// <see cref="Auto"/> takes the noise to be Poisson–Gaussian.</summary>
    public const double ShotShare = 0.5;

    /// <summary>Gaussian noise with the given or an estimated σ.</summary>
    public static NoiseSpec Gaussian(double? sigma = null) => new(false, sigma);

    /// <summary>Poisson–Gaussian noise with the given or estimated parameters.</summary>
    public static NoiseSpec Mixed(double? gain = null, double? readNoise = null, double offset = 0) => new(true, null, gain, readNoise, offset);
}
