using OpenCvSharp;
using Tacs.Sdk.Frames;

namespace Tacs.Validation.Report;

/// <summary>Per-pixel maps of fibre features for the report.</summary>
internal static class FeatureMaps
{
    /// <summary>The image next to its structure-tensor coherency (0 isotropic … 1 one direction; Gaussian window σ = 4 px), coloured.</summary>
    public static string Coherency(string folder, string name, ImageFrame frame)
    {
        Directory.CreateDirectory(folder);
        using var image = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_32FC1, frame.Pixels);
        using var smooth = new Mat();
        Cv2.GaussianBlur(image, smooth, new Size(0, 0), 1.0);
        using var gx = new Mat();
        using var gy = new Mat();
        Cv2.Sobel(smooth, gx, MatType.CV_32F, 1, 0);
        Cv2.Sobel(smooth, gy, MatType.CV_32F, 0, 1);
        using var jxx = Window(gx.Mul(gx));
        using var jyy = Window(gy.Mul(gy));
        using var jxy = Window(gx.Mul(gy));
        jxx.GetArray(out float[] xx);
        jyy.GetArray(out float[] yy);
        jxy.GetArray(out float[] xy);
        var coherency = new byte[xx.Length];
        for (var i = 0; i < xx.Length; i++)
        {
            var trace = xx[i] + yy[i];
            var c = trace > 1e-6 ? Math.Sqrt(((yy[i] - xx[i]) * (yy[i] - xx[i])) + (4 * xy[i] * xy[i])) / trace : 0;
            coherency[i] = (byte)Math.Clamp(c * 255, 0, 255);
        }

        using var map = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC1, coherency);
        using var coloured = new Mat();
        Cv2.ApplyColorMap(map, coloured, ColormapTypes.Viridis);
        using var grey = new Mat();
        Cv2.Normalize(image, grey, 0, 255, NormTypes.MinMax, (int)MatType.CV_8UC1);
        using var greyColour = new Mat();
        Cv2.CvtColor(grey, greyColour, ColorConversionCodes.GRAY2BGR);
        using var both = new Mat();
        Cv2.HConcat([greyColour, coloured], both);
        var path = Path.Combine(folder, name);
        Cv2.ImWrite(path, both);
        return path;
    }

    private static Mat Window(MatExpr product)
    {
        using var mat = product.ToMat();
        var result = new Mat();
        Cv2.GaussianBlur(mat, result, new Size(0, 0), 4.0);
        return result;
    }
}
