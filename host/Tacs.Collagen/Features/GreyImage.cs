namespace Tacs.Collagen.Features;

/// <summary>
/// Checks and normalises the pixels that enter feature extraction: finite values, then a robust rescale so
/// the 1st percentile maps to 0 and the 99.5th to 1. Features then do not depend on bit depth, gain, offset
/// or brightness.
/// </summary>
internal static class GreyImage
{
    public static float[] Normalise(ReadOnlySpan<float> pixels, int width, int height)
    {
        if (width < 16 || height < 16)
        {
            throw new ArgumentException($"Image {width}×{height} is too small for fibre features; it needs at least 16×16 pixels.");
        }

        if ((long)width * height > 1L << 26)
        {
            throw new ArgumentException($"Image {width}×{height} is larger than 64 megapixels; crop or tile it before measuring fibres.");
        }

        if (pixels.Length != width * height)
        {
            throw new ArgumentException($"Expected {width}×{height} = {width * height} pixels, got {pixels.Length}.");
        }

        var stride = Math.Max(1, pixels.Length / 65536);
        var sample = new float[(pixels.Length + stride - 1) / stride];
        var n = 0;
        for (var i = 0; i < pixels.Length; i++)
        {
            if (!float.IsFinite(pixels[i]))
            {
                throw new ArgumentException($"Pixel ({i % width}, {i / width}) is {pixels[i]}; fibre features need finite pixel values (replace NaN/∞ first).");
            }

            if (i % stride == 0)
            {
                sample[n++] = pixels[i];
            }
        }

        Array.Sort(sample, 0, n);
        var low = sample[(int)(0.01 * (n - 1))];
        var high = sample[(int)(0.995 * (n - 1))];
        var result = new float[pixels.Length];
        if (high - low <= 1e-6f * Math.Max(1, Math.Abs(high)))
        {
            return result; // a flat image: no fibres, every feature at its empty value
        }

        var scale = 1f / (high - low);
        for (var i = 0; i < pixels.Length; i++)
        {
            result[i] = (pixels[i] - low) * scale;
        }

        return result;
    }
}
