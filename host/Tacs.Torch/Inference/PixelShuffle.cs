using Tacs.Torch.Noise;

namespace Tacs.Torch.Inference;

/// <summary>
/// Pixel-shuffle sub-images: the four frames made of every second pixel (x and y offsets 0 or 1). Noise that is
/// correlated only between neighbouring pixels (a scanning confocal's rows, for instance) is white within each of
/// them, which is what the network was trained on. Denoising them apart and putting them back leaves a faint
/// 2 × 2 grid where the four estimates disagree; <see cref="GridLevel"/> measures it so a second, light pass can
/// remove it (pixel-shuffle downsampling with refinement, after Zhou et al., 2020).
/// </summary>
public static class PixelShuffle
{
    /// <summary>Sub-images per frame (2 × 2 offsets).</summary>
    public const int Count = 4;

    /// <summary>Smallest frame side that leaves every sub-image at least 2 pixels wide and high.</summary>
    public const int MinimumSide = 4;

    /// <summary>Takes sub-image <paramref name="index"/> (x offset <c>index % 2</c>, y offset <c>index / 2</c>).</summary>
    public static (float[] Pixels, int Width, int Height) Take(ReadOnlySpan<float> pixels, int width, int height, int index)
    {
        Check(pixels.Length, width, height, index);
        var (ox, oy) = (index % 2, index / 2);
        var (subWidth, subHeight) = ((width - ox + 1) / 2, (height - oy + 1) / 2);
        var result = new float[subWidth * subHeight];
        for (var y = 0; y < subHeight; y++)
        {
            for (var x = 0; x < subWidth; x++)
            {
                result[(y * subWidth) + x] = pixels[(((2 * y) + oy) * width) + (2 * x) + ox];
            }
        }

        return (result, subWidth, subHeight);
    }

    /// <summary>Writes sub-image <paramref name="index"/> back to its pixels of the full frame.</summary>
    public static void Put(ReadOnlySpan<float> sub, Span<float> pixels, int width, int height, int index)
    {
        Check(pixels.Length, width, height, index);
        var (ox, oy) = (index % 2, index / 2);
        var (subWidth, subHeight) = ((width - ox + 1) / 2, (height - oy + 1) / 2);
        if (sub.Length != subWidth * subHeight)
        {
            throw new ArgumentException($"Sub-image {index} of a {width}×{height} frame has {subWidth * subHeight} pixels, not {sub.Length}.", nameof(sub));
        }

        for (var y = 0; y < subHeight; y++)
        {
            for (var x = 0; x < subWidth; x++)
            {
                pixels[(((2 * y) + oy) * width) + (2 * x) + ox] = sub[(y * subWidth) + x];
            }
        }
    }

    /// <summary>
    /// The 2 × 2 grid left after reassembly, as the standard deviation of white noise with the same diagonal Haar
    /// energy: the root mean square of (a − b − c + d) / 2 over the frame's 2 × 2 blocks whose mean is at or above
    /// the median block mean. Dark, flat background (where every estimate agrees) is left out so it cannot hide the
    /// grid over the structure. 0 for a frame without blocks.
    /// </summary>
    public static double GridLevel(ReadOnlySpan<float> pixels, int width, int height)
    {
        Check(pixels.Length, width, height, 0);
        if (width < 2 || height < 2)
        {
            return 0;
        }

        // The same 2 × 2 cells and diagonal detail the noise estimator uses.
        var details = NoiseEstimator.DiagonalDetails(pixels, width, height, out var means);
        var median = NoiseEstimator.Median(means, m => m);
        double sum = 0;
        var count = 0;
        for (var i = 0; i < means.Length; i++)
        {
            if (means[i] >= median)
            {
                sum += (double)details[i] * details[i];
                count++;
            }
        }

        return Math.Sqrt(sum / count);
    }

    private static void Check(int length, int width, int height, int index)
    {
        if (width < 1 || height < 1 || length != width * height)
        {
            throw new ArgumentException($"Frame of {width}×{height} with {length} pixels is inconsistent.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
    }
}
