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

        var k = Math.Max(profile.HardThreshold.PatchSize, profile.Wiener.PatchSize);
        var w = Math.Max(width, k);
        var h = Math.Max(height, k);
        var noisy = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            var sy = Mirror(y, height);
            for (var x = 0; x < w; x++)
            {
                noisy[(y * w) + x] = (float)(pixels[(sy * width) + Mirror(x, width)] * scale);
            }
        }

        var basic = StageRunner.Run(noisy, null, w, h, profile.HardThreshold, sigma255, threads, level, cancellation);
        var final = StageRunner.Run(noisy, basic, w, h, profile.Wiener, sigma255, threads, level, cancellation);

        var result = new float[width * height];
        var back = (float)(1.0 / scale);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                result[(y * width) + x] = final[(y * w) + x] * back;
            }
        }

        return result;
    }

    // Whole-sample mirror that also works when the image is narrower than the padding (period 2n − 2, or 1).
    private static int Mirror(int i, int n)
    {
        if (n == 1)
        {
            return 0;
        }

        var period = (2 * n) - 2;
        i %= period;
        return i < n ? i : period - i;
    }
}
