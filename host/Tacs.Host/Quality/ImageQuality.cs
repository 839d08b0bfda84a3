using OpenCvSharp;

namespace Tacs.Host.Quality;

/// <summary>Full-reference image quality: PSNR and SSIM against a clean image.</summary>
public static class ImageQuality
{
    /// <summary>Peak signal-to-noise ratio in dB: 10·log10(peak² / MSE).</summary>
    /// <param name="reference">Clean image.</param>
    /// <param name="test">Image to score, same length.</param>
    /// <param name="peak">Peak value (255 for 8-bit data; the data range for other data).</param>
    public static double Psnr(ReadOnlySpan<float> reference, ReadOnlySpan<float> test, double peak)
    {
        if (reference.Length != test.Length || reference.Length == 0)
        {
            throw new ArgumentException("PSNR needs two non-empty images of the same size.");
        }

        double sum = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            double d = reference[i] - test[i];
            sum += d * d;
        }

        var mse = sum / reference.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(peak * peak / mse);
    }

    /// <summary>Structural similarity (Wang et al. 2004): Gaussian window σ = 1.5, K1 = 0.01, K2 = 0.03, mean over the image.</summary>
    /// <param name="reference">Clean image.</param>
    /// <param name="test">Image to score.</param>
    /// <param name="width">Width of both.</param>
    /// <param name="height">Height of both.</param>
    /// <param name="dataRange">Range of the data (255 for 8-bit).</param>
    public static double Ssim(float[] reference, float[] test, int width, int height, double dataRange)
    {
        if (reference.Length != test.Length || reference.Length != width * height)
        {
            throw new ArgumentException("SSIM needs two images of the given size.");
        }

        var c1 = Math.Pow(0.01 * dataRange, 2);
        var c2 = Math.Pow(0.03 * dataRange, 2);
        var n = reference.Length;
        double[] x = new double[n], y = new double[n], xx = new double[n], yy = new double[n], xy = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = reference[i];
            y[i] = test[i];
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }

        var muX = Blur(x, width, height);
        var muY = Blur(y, width, height);
        var sXX = Blur(xx, width, height);
        var sYY = Blur(yy, width, height);
        var sXY = Blur(xy, width, height);
        double total = 0;
        for (var i = 0; i < n; i++)
        {
            var mx = muX[i];
            var my = muY[i];
            var vx = sXX[i] - (mx * mx);
            var vy = sYY[i] - (my * my);
            var cov = sXY[i] - (mx * my);
            total += ((2 * mx * my) + c1) * ((2 * cov) + c2) / (((mx * mx) + (my * my) + c1) * (vx + vy + c2));
        }

        return total / n;
    }

    private static double[] Blur(double[] values, int width, int height)
    {
        using var source = Mat.FromPixelData(height, width, MatType.CV_64FC1, values);
        using var result = new Mat();
        Cv2.GaussianBlur(source, result, new Size(11, 11), 1.5, 1.5, BorderTypes.Reflect101);
        result.GetArray(out double[] blurred);
        return blurred;
    }
}
