using OpenCvSharp;

namespace Tacs.Host.Synthetic.Scenes;

/// <summary>
/// Draws synthetic fluorescence scenes of one <see cref="StructureKind"/> on a background with smooth
/// autofluorescence, blurred by a Gaussian point-spread function. Values are relative signal: 1 at the bright end
/// of the structure (99.9th percentile), so a capture scales them to photo-electrons. Density, brightness, sizes,
/// background and blur are drawn from the seed, so one kind covers sparse and dense, dim and bright scenes.
/// </summary>
public static class StructureScene
{
    /// <summary>Draws one scene.</summary>
    /// <param name="kind">What to draw.</param>
    /// <param name="width">Width in pixels (16–8192).</param>
    /// <param name="height">Height in pixels (16–8192).</param>
    /// <param name="random">Seeded randomness; the same seed gives the same scene.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size outside 16–8192.</exception>
    public static float[] Draw(StructureKind kind, int width, int height, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 8192);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 8192);
        using var canvas = new Mat(height, width, MatType.CV_32FC1, Scalar.All(0));
        var density = random.NextDouble();
        switch (kind)
        {
            case StructureKind.Spots: SceneShapes.Spots(canvas, density, random); break;
            case StructureKind.Membranes: SceneShapes.Membranes(canvas, density, random); break;
            case StructureKind.Cytoplasm: SceneShapes.Cytoplasm(canvas, density, random); break;
            case StructureKind.Nuclei: SceneShapes.Nuclei(canvas, density, random); break;
            case StructureKind.Filaments: SceneShapes.Filaments(canvas, density, random); break;
            case StructureKind.Fibres: SceneShapes.Fibres(canvas, density, random); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown structure kind.");
        }

        // Background: a constant level plus smooth autofluorescence, before the optics blur everything alike.
        using var autofluorescence = SceneShapes.SmoothField(width, height, Math.Max(width, height) / 6.0, random);
        Cv2.Multiply(autofluorescence, Scalar.All(0.12 * random.NextDouble()), autofluorescence);
        Cv2.Add(canvas, autofluorescence, canvas);
        Cv2.Add(canvas, Scalar.All(0.005 + (0.06 * random.NextDouble())), canvas);

        using var blurred = new Mat();
        Cv2.GaussianBlur(canvas, blurred, new Size(0, 0), 0.9 + (0.9 * random.NextDouble()));
        blurred.GetArray(out float[] pixels);
        var top = Percentile(pixels, 0.999);
        if (top > 0)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = Math.Max(0, pixels[i] / top);
            }
        }

        return pixels;
    }

    private static float Percentile(float[] values, double fraction)
    {
        var copy = (float[])values.Clone();
        Array.Sort(copy);
        return copy[(int)Math.Min(copy.Length - 1, fraction * copy.Length)];
    }
}
