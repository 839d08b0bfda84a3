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

        // Mirror a border as wide as the search window around the image (and at least up to one patch), so
        // reference patches near the edges get full search windows, as in Lebrun's reference implementation.
        var k = Math.Max(profile.HardThreshold.PatchSize, profile.Wiener.PatchSize);
        var margin = Math.Max(profile.HardThreshold.SearchHalf, profile.Wiener.SearchHalf);
        var regionWidth = Math.Max(width, k);
        var regionHeight = Math.Max(height, k);
        var w = regionWidth + (2 * margin);
        var h = regionHeight + (2 * margin);
        var noisy = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            var sy = Mirror(y - margin, height);
            for (var x = 0; x < w; x++)
            {
                noisy[(y * w) + x] = (float)(pixels[(sy * width) + Mirror(x - margin, width)] * scale);
            }
        }

        var basic = StageRunner.Run(noisy, null, w, h, margin, regionWidth, regionHeight, profile.HardThreshold, sigma255, threads, level, cancellation);
        MirrorBorder(basic, w, h, margin, regionWidth, regionHeight);
        var final = StageRunner.Run(noisy, basic, w, h, margin, regionWidth, regionHeight, profile.Wiener, sigma255, threads, level, cancellation);

        var result = new float[width * height];
        var back = (float)(1.0 / scale);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                result[(y * width) + x] = final[((y + margin) * w) + x + margin] * back;
            }
        }

        return result;
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
