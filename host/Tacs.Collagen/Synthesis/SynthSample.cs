using Tacs.Collagen.Boundaries;

namespace Tacs.Collagen.Synthesis;

/// <summary>The nuisance variables drawn for one synthetic image (same ranges for every class).</summary>
/// <param name="Density">Scale of the amount of collagen, 0.6–1.5.</param>
/// <param name="LengthScale">Scale of fibre lengths, 0.7–1.3.</param>
/// <param name="FibreWidth">Mean fibre width (full width at half maximum), px.</param>
/// <param name="Brightness">Scale of fibre brightness, 0.5–1.5.</param>
/// <param name="PsfSigma">Standard deviation of the Gaussian point-spread function, px.</param>
/// <param name="Background">Background level relative to a fibre's peak.</param>
/// <param name="TumourRadius">Mean radius of the tumour, px.</param>
/// <param name="BoundaryRoughness">Amplitude of the boundary's shape harmonics relative to the radius.</param>
/// <param name="Clutter">Fraction of the band's collagen drawn as randomly oriented fibres.</param>
/// <remarks>The init-only members describe the realism added for issue 20 (dense stroma, autofluorescence, TACS-3 pattern).</remarks>
public sealed record SynthNuisance(
    double Density,
    double LengthScale,
    double FibreWidth,
    double Brightness,
    double PsfSigma,
    double Background,
    double TumourRadius,
    double BoundaryRoughness,
    double Clutter)
{
    /// <summary>True when the stroma beyond the band is dense with long fibres (2–3× the collagen, 100–300 px fibres).</summary>
    public bool DenseStroma { get; init; }

    /// <summary>Peak level of autofluorescent blobs relative to a fibre's peak; 0 for none.</summary>
    public double Autofluorescence { get; init; }

    /// <summary>How the TACS-3 fibres are laid out (<see cref="Tacs3Pattern.Diffuse"/> for the other classes).</summary>
    public Tacs3Pattern Pattern { get; init; } = Tacs3Pattern.Diffuse;

    /// <summary>Fraction of the boundary carrying perpendicular bundles in a focal or mixed TACS-3 image (1 when diffuse).</summary>
    public double ArcCoverage { get; init; } = 1;
}

/// <summary>One noisy copy of a synthetic image.</summary>
/// <param name="Level">The noise level.</param>
/// <param name="Pixels">Row-major 16-bit grey levels (rounded, clamped to 0–65535) as floats.</param>
public sealed record NoisyImage(NoiseLevel Level, float[] Pixels);

/// <summary>
/// A synthetic collagen image with known class: the noise-free image, noisy copies, the tumour boundary and
/// the nuisance variables. Pixel values are 16-bit grey levels: gain × photons + offset.
/// </summary>
public sealed class SynthSample
{
    internal SynthSample(int index, int seed, TacsClass label, int size, float[] signal, float[] clean, IReadOnlyList<NoisyImage> noisy, TumourBoundary boundary, SynthNuisance nuisance, SynthOptions options)
    {
        Index = index;
        Seed = seed;
        Label = label;
        Width = size;
        Height = size;
        Signal = signal;
        Clean = clean;
        Noisy = noisy;
        Boundary = boundary;
        Nuisance = nuisance;
        Options = options;
    }

    /// <summary>Position in the generated set.</summary>
    public int Index { get; }

    /// <summary>Seed this image was drawn from (regenerates it exactly).</summary>
    public int Seed { get; }

    /// <summary>The true class.</summary>
    public TacsClass Label { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Blurred signal in units of a unit-brightness fibre's peak (before photons, gain and offset).</summary>
    public float[] Signal { get; }

    /// <summary>Noise-free image at <see cref="SynthOptions.CleanPeakPhotons"/>, 16-bit grey levels.</summary>
    public float[] Clean { get; }

    /// <summary>Noisy copies, one per requested noise level, in the order requested.</summary>
    public IReadOnlyList<NoisyImage> Noisy { get; }

    /// <summary>The tumour boundary.</summary>
    public TumourBoundary Boundary { get; }

    /// <summary>The nuisance variables of this image.</summary>
    public SynthNuisance Nuisance { get; }

    /// <summary>The options it was made with.</summary>
    public SynthOptions Options { get; }

    /// <summary>Short id such as <c>s0042</c>.</summary>
    public string Id => FormattableString.Invariant($"s{Index:D4}");

    /// <summary>The expected (noise-free) value of the noisy copy at <paramref name="level"/>: the ground truth a
    /// denoiser of that copy should reach, in the same grey levels.</summary>
    /// <param name="level">One of the options' noise levels.</param>
    public float[] ExpectedFor(NoiseLevel level)
    {
        ArgumentNullException.ThrowIfNull(level);
        return ImagingModel.Expected(Signal, level.PeakPhotons, Options.Gain, Options.Offset);
    }
}
