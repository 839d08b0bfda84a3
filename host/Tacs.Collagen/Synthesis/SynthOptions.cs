namespace Tacs.Collagen.Synthesis;

/// <summary>
/// Options of the synthetic collagen generator. Sizes are in pixels. The per-image nuisance variables
/// (fibre density, length, width, brightness, boundary shape, blur) are drawn from the same ranges for
/// every class, so none of them gives the class away.
/// </summary>
public sealed class SynthOptions
{
    /// <summary>Side of the square image, 64–4096 px.</summary>
    public int Size { get; init; } = 512;

    /// <summary>Width of the stroma band next to the boundary where class-specific fibres lie, px.</summary>
    public double BandWidth { get; init; } = 100;

    /// <summary>Noise levels at which noisy copies are made; may be empty (clean images only).</summary>
    public IReadOnlyList<NoiseLevel> NoiseLevels { get; init; } = NoiseLevel.Defaults;

    /// <summary>Photon count at a fibre's peak in the clean image (its scale; the clean image has no noise).</summary>
    public double CleanPeakPhotons { get; init; } = 1000;

    /// <summary>Camera gain, grey levels per photo-electron.</summary>
    public double Gain { get; init; } = 4;

    /// <summary>Camera offset added to every pixel, grey levels.</summary>
    public double Offset { get; init; } = 100;

    /// <summary>How TACS-3 images lay out their perpendicular fibres; <see cref="Tacs3Pattern.Any"/> mixes the patterns.</summary>
    public Tacs3Pattern Tacs3Pattern { get; init; } = Tacs3Pattern.Any;

    /// <summary>Dense stroma, autofluorescence and extra background in a share of the images (issue 20). False
    /// draws none of them: with <see cref="Tacs3Pattern.Diffuse"/> that is the generator as it was before, for comparisons.</summary>
    public bool Realism { get; init; } = true;

    /// <summary>Pixel size of a 512-px image, µm. The generator draws the same field of tissue at every
    /// <see cref="Size"/> (tumour and fibre lengths scale with the side), so an image of side N has pixels of
    /// this × 512 / N: see <see cref="ImagePixelSizeMicrons"/>, which is written into the TIFFs.</summary>
    public double PixelSizeMicrons { get; init; } = 1.0;

    /// <summary>Pixel size of the images at <see cref="Size"/>, µm.</summary>
    public double ImagePixelSizeMicrons => PixelSizeMicrons * 512.0 / Size;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Size is < 64 or > 4096)
        {
            throw new ArgumentException($"Image size {Size} is outside 64–4096 px.");
        }

        if (!double.IsFinite(BandWidth) || BandWidth < 10 || BandWidth > Size / 2.0)
        {
            throw new ArgumentException($"Band width {BandWidth} px is outside 10 … {Size / 2} px (half the image).");
        }

        if (!double.IsFinite(PixelSizeMicrons) || PixelSizeMicrons is <= 0 or > 1000)
        {
            throw new ArgumentException($"Pixel size {PixelSizeMicrons} µm is outside (0, 1000].");
        }

        if (!double.IsFinite(Gain) || Gain <= 0 || Gain > 1000)
        {
            throw new ArgumentException($"Gain {Gain} is outside (0, 1000] grey levels per photon.");
        }

        if (!double.IsFinite(Offset) || Offset < 0 || Offset > 30000)
        {
            throw new ArgumentException($"Offset {Offset} is outside 0–30000 grey levels.");
        }

        foreach (var level in NoiseLevels.Append(new NoiseLevel("clean", CleanPeakPhotons, 0)))
        {
            if (!double.IsFinite(level.PeakPhotons) || level.PeakPhotons <= 0 || !double.IsFinite(level.ReadNoise) || level.ReadNoise < 0)
            {
                throw new ArgumentException($"Noise level {level.Name}: peak photons must be > 0 and read noise ≥ 0.");
            }

            // Fibres overlap and brightness varies up to 1.5×, so leave room above the peak before 16-bit clipping.
            if (Offset + (Gain * level.PeakPhotons * 4) > ushort.MaxValue)
            {
                throw new ArgumentException($"Noise level {level.Name}: {level.PeakPhotons} photons × gain {Gain} would clip at 65535; lower the gain or the photon count.");
            }
        }

        if (NoiseLevels.Select(l => l.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != NoiseLevels.Count)
        {
            throw new ArgumentException("Noise level names must be distinct.");
        }
    }
}
