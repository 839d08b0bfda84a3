namespace Tacs.Torch.Inference;

/// <summary>
/// The eight symmetries of the square (flips and 90° rotations) applied to row-major images, for geometric
/// self-ensembles: denoise every transformed copy, transform back, average.
/// </summary>
public static class Symmetry
{
    /// <summary>Number of symmetries: bit 0 flips x, bit 1 flips y, bit 2 swaps the axes (after the flips).</summary>
    public const int Count = 8;

    /// <summary>Applies symmetry <paramref name="index"/>; a transposing one swaps width and height.</summary>
    public static (float[] Pixels, int Width, int Height) Apply(ReadOnlySpan<float> pixels, int width, int height, int index)
    {
        Check(pixels, width, height, index);
        var result = new float[pixels.Length];
        var transpose = (index & 4) != 0;
        var (outWidth, outHeight) = transpose ? (height, width) : (width, height);
        for (var y = 0; y < height; y++)
        {
            var v = (index & 2) != 0 ? height - 1 - y : y;
            for (var x = 0; x < width; x++)
            {
                var u = (index & 1) != 0 ? width - 1 - x : x;
                var target = transpose ? (u * outWidth) + v : (v * outWidth) + u;
                result[target] = pixels[(y * width) + x];
            }
        }

        return (result, outWidth, outHeight);
    }

    /// <summary>Undoes <see cref="Apply"/>: <paramref name="width"/> and <paramref name="height"/> are those of the transformed image.</summary>
    public static float[] Invert(ReadOnlySpan<float> pixels, int width, int height, int index)
    {
        Check(pixels, width, height, index);
        var transpose = (index & 4) != 0;
        var (originalWidth, originalHeight) = transpose ? (height, width) : (width, height);
        var result = new float[pixels.Length];
        for (var y = 0; y < originalHeight; y++)
        {
            var v = (index & 2) != 0 ? originalHeight - 1 - y : y;
            for (var x = 0; x < originalWidth; x++)
            {
                var u = (index & 1) != 0 ? originalWidth - 1 - x : x;
                var source = transpose ? (u * width) + v : (v * width) + u;
                result[(y * originalWidth) + x] = pixels[source];
            }
        }

        return result;
    }

    private static void Check(ReadOnlySpan<float> pixels, int width, int height, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        if (width < 1 || height < 1 || pixels.Length != width * height)
        {
            throw new ArgumentException($"Image of {width}×{height} with {pixels.Length} pixels is inconsistent.");
        }
    }
}
