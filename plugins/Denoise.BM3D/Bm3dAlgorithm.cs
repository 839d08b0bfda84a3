using Tacs.Plugins.Bm3d.Filtering;
using Tacs.Plugins.Bm3d.Profiles;
using Tacs.Plugins.Bm3d.Simd;

namespace Tacs.Plugins.Bm3d;

/// <summary>
/// Two-stage BM3D on a float image of any size: hard thresholding gives a basic estimate, which guides block
/// matching and empirical Wiener filtering of the noisy image. Works internally on a 0–255 grey scale so the
/// published thresholds apply; images smaller than a patch are mirrored up to one patch and cropped back.
/// </summary>
internal static class Bm3dAlgorithm
{
    /// <summary>Denoises <paramref name="pixels"/> (row-major) with additive white Gaussian noise of σ = <paramref name="sigma"/>.</summary>
    /// <param name="pixels">Finite pixel values.</param>
    /// <param name="width">Width, at least 1.</param>
    /// <param name="height">Height, at least 1.</param>
    /// <param name="sigma">Noise standard deviation in the image's grey levels, ≥ 0.</param>
    /// <param name="fullScale">Grey-level span that maps to 0–255 internally (255 for 8-bit, 65535 for 16-bit).</param>
    /// <param name="profileName"><c>reference</c> or <c>fast</c>.</param>
    /// <param name="threads">Most worker threads.</param>
    /// <param name="level">Widest SIMD level to use.</param>
    /// <param name="cancellation">Stops the work between reference rows.</param>
    public static float[] Denoise(
        ReadOnlySpan<float> pixels, int width, int height, double sigma, double fullScale, string profileName,
        int threads, SimdLevel level, CancellationToken cancellation)
    {
        var scale = fullScale > 0 && double.IsFinite(fullScale) ? 255.0 / fullScale : 1.0;
        var sigma255 = (float)(sigma * scale);
        var profile = Bm3dProfile.Create(profileName, sigma255);
        if (sigma255 <= 0)
        {
            return pixels.ToArray();
        }

        var frame = Frame.For(profile, width, height);
        var noisy = frame.Pad(pixels, scale);
        var basic = StageRunner.Run(noisy, null, frame.W, frame.H, frame.Margin, frame.RegionWidth, frame.RegionHeight, profile.HardThreshold, sigma255, threads, level, cancellation);
        MirrorBorder(basic, frame.W, frame.H, frame.Margin, frame.RegionWidth, frame.RegionHeight);
        var final = StageRunner.Run(noisy, basic, frame.W, frame.H, frame.Margin, frame.RegionWidth, frame.RegionHeight, profile.Wiener, sigma255, threads, level, cancellation);
        return frame.Crop(final, 0, scale);
    }

    /// <summary>
    /// Denoises a z-stack: as <see cref="Denoise"/>, but each reference patch is matched in its own slice and in
    /// the <paramref name="radius"/> slices before and after it (the same search window), so a group gathers
    /// similar structure from neighbouring slices, whose noise is independent. Each slice aggregates its own
    /// patches only. Both stages run slice by slice over the whole volume (stage 2 matches on the basic estimates
    /// of the neighbours too).
    /// </summary>
    /// <param name="slices">The slices, each width × height, in z order.</param>
    /// <param name="width">Width, at least 1.</param>
    /// <param name="height">Height, at least 1.</param>
    /// <param name="sigma">Noise standard deviation in grey levels, ≥ 0.</param>
    /// <param name="fullScale">Grey-level span that maps to 0–255 internally.</param>
    /// <param name="profileName"><c>reference</c> or <c>fast</c>.</param>
    /// <param name="radius">Neighbouring slices searched on each side.</param>
    /// <param name="threads">Most worker threads.</param>
    /// <param name="level">Widest SIMD level to use.</param>
    /// <param name="cancellation">Stops the work between reference rows.</param>
    public static float[][] DenoiseVolume(
        IReadOnlyList<float[]> slices, int width, int height, double sigma, double fullScale, string profileName, int radius,
        int threads, SimdLevel level, CancellationToken cancellation)
    {
        var scale = fullScale > 0 && double.IsFinite(fullScale) ? 255.0 / fullScale : 1.0;
        var sigma255 = (float)(sigma * scale);
        var profile = Bm3dProfile.Create(profileName, sigma255);
        if (sigma255 <= 0)
        {
            return [.. slices.Select(s => (float[])s.Clone())];
        }

        var frame = Frame.For(profile, width, height);
        var plane = frame.W * frame.H;
        var noisy = new float[plane * slices.Count];
        for (var z = 0; z < slices.Count; z++)
        {
            frame.Pad(slices[z], scale).CopyTo(noisy, z * plane);
        }

        var basic = new float[noisy.Length];
        for (var z = 0; z < slices.Count; z++)
        {
            var estimate = StageRunner.Run(noisy, null, frame.W, frame.H, frame.Margin, frame.RegionWidth, frame.RegionHeight, profile.HardThreshold, sigma255, threads, level, cancellation, Neighbours(z, slices.Count, radius, plane));
            MirrorBorder(estimate, frame.W, frame.H, frame.Margin, frame.RegionWidth, frame.RegionHeight);
            estimate.CopyTo(basic, z * plane);
        }

        var result = new float[slices.Count][];
        for (var z = 0; z < slices.Count; z++)
        {
            var final = StageRunner.Run(noisy, basic, frame.W, frame.H, frame.Margin, frame.RegionWidth, frame.RegionHeight, profile.Wiener, sigma255, threads, level, cancellation, Neighbours(z, slices.Count, radius, plane));
            result[z] = frame.Crop(final, 0, scale);
        }

        return result;
    }

    private static StageRunner.VolumeSlice Neighbours(int z, int count, int radius, int plane) =>
        new(z * plane, Math.Min(radius, z), Math.Min(radius, count - 1 - z));

    // The working frame: the image with a mirrored border as wide as the search window (and at least up to one
    // patch), so reference patches near the edges get full search windows, as in Lebrun's reference implementation.
    private readonly record struct Frame(int Width, int Height, int Margin, int RegionWidth, int RegionHeight)
    {
        public int W => RegionWidth + (2 * Margin);

        public int H => RegionHeight + (2 * Margin);

        public static Frame For(Bm3dProfile profile, int width, int height)
        {
            var k = Math.Max(profile.HardThreshold.PatchSize, profile.Wiener.PatchSize);
            var margin = Math.Max(profile.HardThreshold.SearchHalf, profile.Wiener.SearchHalf);
            return new Frame(width, height, margin, Math.Max(width, k), Math.Max(height, k));
        }

        public float[] Pad(ReadOnlySpan<float> pixels, double scale)
        {
            var (w, h) = (W, H);
            var padded = new float[w * h];
            for (var y = 0; y < h; y++)
            {
                var sy = Mirror(y - Margin, Height);
                for (var x = 0; x < w; x++)
                {
                    padded[(y * w) + x] = (float)(pixels[(sy * Width) + Mirror(x - Margin, Width)] * scale);
                }
            }

            return padded;
        }

        public float[] Crop(float[] padded, int start, double scale)
        {
            var result = new float[Width * Height];
            var back = (float)(1.0 / scale);
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    result[(y * Width) + x] = padded[start + ((y + Margin) * W) + x + Margin] * back;
                }
            }

            return result;
        }
    }

    // The basic estimate only exists inside the region; its border is mirrored from it like the noisy image's.
    private static void MirrorBorder(float[] image, int w, int h, int margin, int regionWidth, int regionHeight)
    {
        for (var y = 0; y < h; y++)
        {
            var sy = Mirror(y - margin, regionHeight) + margin;
            var inside = y >= margin && y < margin + regionHeight;
            for (var x = 0; x < w; x++)
            {
                if (inside && x >= margin && x < margin + regionWidth)
                {
                    x = margin + regionWidth - 1;
                    continue;
                }

                image[(y * w) + x] = image[(sy * w) + Mirror(x - margin, regionWidth) + margin];
            }
        }
    }

    // Half-sample mirror (x1 x0 | x0 x1 …) that also works when the image is narrower than the border.
    private static int Mirror(int i, int n)
    {
        var period = 2 * n;
        i %= period;
        if (i < 0)
        {
            i += period;
        }

        return i < n ? i : period - 1 - i;
    }
}
