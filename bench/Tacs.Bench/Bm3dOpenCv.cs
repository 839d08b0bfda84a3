using OpenCvSharp;
using OpenCvSharp.XPhoto;

namespace Tacs.Bench;

/// <summary>
/// OpenCV's BM3D (xphoto, 8/16-bit only) on float data: the noisy image is mapped to 16-bit as
/// (v + Shift)·Scale so that unclipped Gaussian noise fits, the block-matching thresholds are scaled by Scale²
/// to stay in the same units, and the result is mapped back.
/// </summary>
internal static class Bm3dOpenCv
{
    private const float Shift = 128f;
    private const float Scale = 16f;

    public static unsafe float[] Denoise(float[] noisy, int width, int height, double sigma)
    {
        var u16 = new ushort[noisy.Length];
        for (var i = 0; i < noisy.Length; i++)
        {
            u16[i] = (ushort)Math.Clamp(MathF.Round((noisy[i] + Shift) * Scale), 0, 65535);
        }

        var result = new float[noisy.Length];
        fixed (ushort* src = u16)
        {
            using var srcMat = Mat.FromPixelData(height, width, MatType.CV_16UC1, (IntPtr)src);
            using var dst = new Mat();
            CvXPhoto.Bm3dDenoising(
                srcMat, dst, (float)(sigma * Scale), templateWindowSize: 8, searchWindowSize: 39,
                blockMatchingStep1: (int)(2500 * Scale * Scale), blockMatchingStep2: (int)(400 * Scale * Scale),
                groupSize: 16, slidingStep: 3, beta: 2f, normType: NormTypes.L1);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    result[(y * width) + x] = (dst.At<ushort>(y, x) / Scale) - Shift;
                }
            }
        }

        return result;
    }
}
