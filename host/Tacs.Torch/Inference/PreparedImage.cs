using Tacs.Sdk.Frames;
using Tacs.Torch.Noise;

namespace Tacs.Torch.Inference;

/// <summary>
/// An image on the network's scale: Gaussian data normalised to 0–1, Poisson–Gaussian data first made
/// Gaussian by the Anscombe transform; remembers how to go back. Shared by training and inference so both
/// see the same scale.
/// </summary>
public sealed class PreparedImage
{
    private PreparedImage(float[] values, double sigma, IntensityScale scale, AnscombeTransform? anscombe, string description)
    {
        Values = values;
        Sigma = sigma;
        Scale = scale;
        Anscombe = anscombe;
        Description = description;
    }

    /// <summary>Values on the network's scale.</summary>
    public float[] Values { get; }

    /// <summary>Noise standard deviation on the network's scale.</summary>
    public double Sigma { get; }

    /// <summary>Mapping to the 0–1 scale.</summary>
    public IntensityScale Scale { get; }

    /// <summary>The Anscombe transform applied first, or null for Gaussian noise.</summary>
    public AnscombeTransform? Anscombe { get; }

    /// <summary>How the values map to photo-electrons, for Poisson–Gaussian data with a gain above 0; else null.</summary>
    public PhotonScale? Photons => Anscombe is { Gain: > 0 } a ? new PhotonScale(Scale.Low, Scale.Span, a.ReadNoise / a.Gain) : null;

    /// <summary>What noise was assumed, for logs and provenance.</summary>
    public string Description { get; }

    /// <summary>Prepares an image.</summary>
    /// <exception cref="ArgumentException">Non-finite pixels, or a noise level that is not positive.</exception>
    public static PreparedImage From(ReadOnlySpan<float> pixels, int width, int height, SampleFormat format, NoiseSpec noise)
    {
        if (noise.Automatic)
        {
            var (gain, read, offset) = NoiseEstimator.PoissonGaussian(pixels, width, height);
            var bright = Percentile(pixels, 0.9) - offset;
            var camera = gain > 0 && gain * bright >= NoiseSpec.ShotShare * read * read;

            // The camera estimate just made is the one used: the frame is not estimated a second time.
            var chosen = camera ? Camera(pixels, gain, read, offset, known: false) : From(pixels, width, height, format, NoiseSpec.Gaussian());
            return new PreparedImage(chosen.Values, chosen.Sigma, chosen.Scale, chosen.Anscombe, $"auto → {chosen.Description}");
        }

        if (noise.PoissonGaussian)
        {
            var known = noise.Gain is { } g && noise.ReadNoise is { } r;
            var (gain, read, offset) = known ? (noise.Gain!.Value, noise.ReadNoise!.Value, noise.Offset) : NoiseEstimator.PoissonGaussian(pixels, width, height);
            gain = noise.Gain ?? gain;
            read = noise.ReadNoise ?? read;

            // An estimated dark offset is used only when nothing was given; a given offset always wins.
            return Camera(pixels, gain, read, known || noise.Offset != 0 ? noise.Offset : offset, known);
        }

        var sigma = noise.Sigma ?? NoiseEstimator.GaussianSigma(pixels, width, height);
        if (!(sigma > 0) || !double.IsFinite(sigma))
        {
            throw new ArgumentException($"The Gaussian noise level must be a positive number; got {sigma}. Give sigma explicitly for an image without visible noise.");
        }

        var imageScale = IntensityScale.Of(pixels, format);
        var normalised = imageScale.Normalise(pixels);
        return new PreparedImage(normalised, sigma / imageScale.Span, imageScale, null, $"Gaussian σ {sigma:G4}{(noise.Sigma is null ? " (estimated)" : "")}");
    }

    /// <summary>A clean reference of this image mapped onto the same network scale (the same transform and
    /// normalisation, with no noise): the target for supervised training and the clean weight of sure-pg. The
    /// Anscombe transform of the clean mean is not E[f(y)], but a training target only has to be consistent;
    /// inference inverts without bias.</summary>
    public float[] Reference(ReadOnlySpan<float> clean) => Scale.Normalise(Anscombe is { } anscombe ? anscombe.Forward(clean) : clean);

    /// <summary>Maps network output back to image values, in place.</summary>
    public void Restore(Span<float> values)
    {
        Scale.Restore(values);
        Anscombe?.InverseInPlace(values);
    }

    // Poisson–Gaussian data: the Anscombe transform, then the 0–1 normalisation of its result.
    private static PreparedImage Camera(ReadOnlySpan<float> pixels, double gain, double read, double offset, bool known)
    {
        if (!(gain >= 0) || !(read >= 0) || (gain == 0 && read == 0))
        {
            throw new ArgumentException($"Poisson–Gaussian noise needs gain ≥ 0 and read noise ≥ 0, not both 0 (got gain {gain}, read noise {read}).");
        }

        var anscombe = new AnscombeTransform(gain, read, offset);
        var transformed = anscombe.Forward(pixels);
        var scale = IntensityScale.Of(transformed, SampleFormat.Float32);
        return new PreparedImage(scale.Normalise(transformed), 1 / scale.Span, scale, anscombe, $"Poisson–Gaussian gain {gain:G4}, read noise {read:G4}, offset {anscombe.Offset:G4}{(known ? "" : " (estimated)")} (Anscombe)");
    }

    private static double Percentile(ReadOnlySpan<float> pixels, double fraction)
    {
        var copy = pixels.ToArray();
        Array.Sort(copy);
        return copy.Length == 0 ? 0 : copy[(int)Math.Min(copy.Length - 1, fraction * copy.Length)];
    }
}
