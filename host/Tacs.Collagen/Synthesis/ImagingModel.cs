using OpenCvSharp;

namespace Tacs.Collagen.Synthesis;

/// <summary>
/// The camera side of the generator: blur by a Gaussian point-spread function, photons, Poisson–Gaussian
/// noise y = gain·Poisson(photons) + N(0, read²) + offset, and 16-bit quantisation.
/// </summary>
internal static class ImagingModel
{
    /// <summary>Blurs <paramref name="signal"/> in place by a Gaussian PSF.</summary>
    public static void Blur(float[] signal, int width, int height, double sigma)
    {
        using var mat = Mat.FromPixelData(height, width, MatType.CV_32FC1, signal);
        Cv2.GaussianBlur(mat, mat, new Size(0, 0), sigma, sigma, BorderTypes.Reflect101);
    }

    /// <summary>The noise-free image: gain · peakPhotons · signal + offset.</summary>
    public static float[] Expected(float[] signal, double peakPhotons, double gain, double offset)
    {
        var result = new float[signal.Length];
        var scale = (float)(gain * peakPhotons);
        for (var i = 0; i < signal.Length; i++)
        {
            result[i] = Quantise((scale * Math.Max(0, signal[i])) + offset, round: false);
        }

        return result;
    }

    /// <summary>A noisy acquisition of <paramref name="signal"/> at <paramref name="level"/>, rounded and clamped to 16 bits.</summary>
    public static float[] Acquire(float[] signal, NoiseLevel level, double gain, double offset, Random random)
    {
        var result = new float[signal.Length];
        for (var i = 0; i < signal.Length; i++)
        {
            var photons = random.Poisson(level.PeakPhotons * Math.Max(0, signal[i]));
            var value = (gain * photons) + (level.ReadNoise * random.Normal()) + offset;
            result[i] = Quantise(value, round: true);
        }

        return result;
    }

    private static float Quantise(double value, bool round) =>
        (float)Math.Clamp(round ? Math.Round(value) : value, 0, ushort.MaxValue);
}
