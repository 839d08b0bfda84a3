namespace Tacs.Collagen.Classification;

/// <summary>What to do about an image's scale before a model reads its features.</summary>
/// <param name="Factor">Resampling factor to apply (1 = none; 2 = twice as many pixels per side).</param>
/// <param name="Warnings">Reasons the features may not be comparable with the model's training images.</param>
/// <param name="Notes">What was done (resampling).</param>
public sealed record ScaleDecision(double Factor, IReadOnlyList<string> Warnings, IReadOnlyList<string> Notes);

/// <summary>
/// Fibre features are measured in pixels (band, ridge scale, lengths, box sizes), so a model only knows the
/// pixel size it was trained at. An image of known pixel size is resampled to the model's; an image of unknown
/// size, a size far from the model's, or a band other than the model's gives a warning.
/// </summary>
public static class ScaleCheck
{
    /// <summary>Pixel sizes within this ratio of the model's are used as they are.</summary>
    public const double PixelSizeTolerance = 1.2;

    /// <summary>Without a pixel size, image sides within this ratio of the training images' pass without a warning.</summary>
    public const double SideTolerance = 1.6;

    /// <summary>Decides for one image.</summary>
    /// <param name="model">The model's description.</param>
    /// <param name="width">Image width, px.</param>
    /// <param name="height">Image height, px.</param>
    /// <param name="pixelSizeMicrons">The image's pixel size (from the file or the user), or null when unknown.</param>
    /// <param name="band">Band width the features will be measured with, px at the model's scale.</param>
    /// <param name="rescale">False to only warn instead of resampling.</param>
    public static ScaleDecision Decide(ModelMetadata model, int width, int height, double? pixelSizeMicrons, double band, bool rescale = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        var warnings = new List<string>();
        var notes = new List<string>();
        var factor = 1.0;
        if (model.BandWidth > 0 && Math.Abs(band - model.BandWidth) > 0.5)
        {
            warnings.Add(FormattableString.Invariant($"band {band:0.#} px differs from the {model.BandWidth:0.#} px the model was trained with: its band features are not comparable; omit --band or train a model with this band."));
        }

        var side = Math.Max(width, height);
        if (pixelSizeMicrons is > 0 && model.PixelSizeMicrons is > 0)
        {
            var ratio = pixelSizeMicrons.Value / model.PixelSizeMicrons.Value;
            if (ratio > PixelSizeTolerance || ratio < 1 / PixelSizeTolerance)
            {
                if (rescale)
                {
                    factor = ratio;
                    notes.Add(FormattableString.Invariant($"resampled ×{ratio:0.###} from {pixelSizeMicrons:0.###} µm to the model's {model.PixelSizeMicrons:0.###} µm pixels ({width}×{height} → {Math.Round(width * ratio)}×{Math.Round(height * ratio)})."));
                }
                else
                {
                    warnings.Add(FormattableString.Invariant($"pixel size {pixelSizeMicrons:0.###} µm is {ratio:0.##}× the model's {model.PixelSizeMicrons:0.###} µm and resampling is off: fibre sizes and the band differ from training."));
                }
            }
        }
        else if (model.ImageSide is > 0)
        {
            var ratio = side / (double)model.ImageSide.Value;
            if (ratio > SideTolerance || ratio < 1 / SideTolerance)
            {
                warnings.Add(FormattableString.Invariant($"pixel size unknown and the image ({width}×{height}) is {ratio:0.##}× the side of the model's {model.ImageSide} px training images: if its pixels are another size, the features differ from training; give --pixel-size (model: {model.PixelSizeMicrons?.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} µm)."));
            }
        }

        if (factor != 1 && Math.Min(width, height) * factor < 64)
        {
            warnings.Add(FormattableString.Invariant($"after resampling the image is only {Math.Min(width, height) * factor:0} px on its short side: too few pixels for fibre features."));
        }

        return new ScaleDecision(factor, warnings, notes);
    }
}
