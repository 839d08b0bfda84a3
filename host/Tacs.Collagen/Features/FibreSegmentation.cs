using OpenCvSharp;

namespace Tacs.Collagen.Features;

/// <summary>
/// Fibre mask from a Hessian ridge filter: at every pixel the most negative eigenvalue of the Hessian (scale σ)
/// measures how much it looks like the crest of a bright line; an Otsu threshold on that response, a small
/// closing and removal of specks give the mask.
/// </summary>
internal static class FibreSegmentation
{
    public static byte[] Segment(Mat normalised, double ridgeSigma, int minArea)
    {
        using var blurred = new Mat();
        Cv2.GaussianBlur(normalised, blurred, new Size(0, 0), ridgeSigma);
        using var hxx = new Mat();
        using var hyy = new Mat();
        using var hxy = new Mat();
        Cv2.Sobel(blurred, hxx, MatType.CV_32F, 2, 0, 3);
        Cv2.Sobel(blurred, hyy, MatType.CV_32F, 0, 2, 3);
        Cv2.Sobel(blurred, hxy, MatType.CV_32F, 1, 1, 3, 0.25);
        hxx.GetArray(out float[] xx);
        hyy.GetArray(out float[] yy);
        hxy.GetArray(out float[] xy);
        var ridge = new float[xx.Length];
        for (var i = 0; i < xx.Length; i++)
        {
            var half = 0.5f * (xx[i] - yy[i]);
            var smaller = (0.5f * (xx[i] + yy[i])) - MathF.Sqrt((half * half) + (xy[i] * xy[i]));
            ridge[i] = smaller < 0 ? -smaller : 0;
        }

        var mask = new byte[ridge.Length];
        var top = HighPercentile(ridge);
        if (top <= 0)
        {
            return mask;
        }

        // Scaled by a high percentile rather than the maximum, so a few bright specks (common in SHG) do not
        // squeeze every fibre into the lowest grey levels before the Otsu threshold; brighter ridges saturate.
        using var response = Mat.FromPixelData(normalised.Rows, normalised.Cols, MatType.CV_32FC1, ridge);
        using var bytes = new Mat();
        response.ConvertTo(bytes, MatType.CV_8U, 255.0 / top);
        using var binary = new Mat();
        Cv2.Threshold(bytes, binary, 0, 1, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(3, 3));
        Cv2.MorphologyEx(binary, binary, MorphTypes.Close, kernel);
        RemoveSpecks(binary, minArea);
        binary.GetArray(out byte[] data);
        Array.Copy(data, mask, mask.Length);
        return mask;
    }

    /// <summary>The 99.5th percentile of the response, from a sample of at most 65 536 pixels.</summary>
    private static float HighPercentile(float[] ridge)
    {
        var stride = Math.Max(1, ridge.Length / 65536);
        var sample = new float[(ridge.Length + stride - 1) / stride];
        for (int i = 0, n = 0; i < ridge.Length; i += stride, n++)
        {
            sample[n] = ridge[i];
        }

        Array.Sort(sample);
        return sample[(int)(0.995 * (sample.Length - 1))];
    }

    private static void RemoveSpecks(Mat binary, int minArea)
    {
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        var count = Cv2.ConnectedComponentsWithStats(binary, labels, stats, centroids, PixelConnectivity.Connectivity8, MatType.CV_32S);
        var keep = new byte[count];
        for (var label = 1; label < count; label++)
        {
            keep[label] = stats.At<int>(label, (int)ConnectedComponentsTypes.Area) >= minArea ? (byte)1 : (byte)0;
        }

        labels.GetArray(out int[] ids);
        var pixels = new byte[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            pixels[i] = keep[ids[i]];
        }

        using var cleaned = Mat.FromPixelData(binary.Rows, binary.Cols, MatType.CV_8UC1, pixels);
        cleaned.CopyTo(binary);
    }
}
