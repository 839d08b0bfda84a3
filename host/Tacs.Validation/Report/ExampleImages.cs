using OpenCvSharp;
using Tacs.Collagen.Synthesis;
using Tacs.Sdk.Frames;
using Tacs.Validation.Study;

namespace Tacs.Validation.Report;

/// <summary>Raw-versus-denoised pictures for the report: panels side by side, one display range for all.</summary>
internal static class ExampleImages
{
    private const int Crop = 256;

    public static string SideBySide(string folder, string name, ImageFrame noisy, ImageFrame denoised)
    {
        var (x0, y0, w, h) = CentreCrop(noisy.Width, noisy.Height);
        var panels = new[] { Cut(noisy.Pixels, noisy.Width, x0, y0, w, h), Cut(denoised.Pixels, denoised.Width, x0, y0, w, h) };
        return Write(folder, name, panels, w, h);
    }

    public static void Synthetic(string folder, SynthSample sample, IReadOnlyList<NoiseLevel> levels, IReadOnlyList<DenoisingMethod> methods)
    {
        for (var l = 0; l < levels.Count; l++)
        {
            var truth = sample.ExpectedFor(levels[l]);
            var panels = new List<float[]> { truth };
            panels.AddRange(methods.Select(m => m.Apply(sample.Noisy[l].Pixels, sample.Width, sample.Height)));
            Write(folder, $"synthetic-{levels[l].Name}.png", [.. panels], sample.Width, sample.Height);
        }
    }

    private static string Write(string folder, string name, float[][] panels, int width, int height)
    {
        Directory.CreateDirectory(folder);
        // The first panel (the noisy image, or the noise-free one) sets the display range for all.
        var sorted = panels[0].Where(float.IsFinite).Order().ToArray();
        var low = sorted[(int)(0.005 * (sorted.Length - 1))];
        var high = sorted[(int)(0.995 * (sorted.Length - 1))];
        var scale = high > low ? 255.0 / (high - low) : 1;
        const int gap = 4;
        using var canvas = new Mat(height, (panels.Length * (width + gap)) - gap, MatType.CV_8UC1, Scalar.All(255));
        for (var p = 0; p < panels.Length; p++)
        {
            using var panel = Mat.FromPixelData(height, width, MatType.CV_32FC1, panels[p]);
            using var bytes = new Mat();
            panel.ConvertTo(bytes, MatType.CV_8UC1, scale, -low * scale);
            using var target = new Mat(canvas, new Rect(p * (width + gap), 0, width, height));
            bytes.CopyTo(target);
        }

        var path = Path.Combine(folder, name);
        Cv2.ImWrite(path, canvas);
        return path;
    }

    private static (int X, int Y, int W, int H) CentreCrop(int width, int height)
    {
        var w = Math.Min(Crop, width);
        var h = Math.Min(Crop, height);
        return ((width - w) / 2, (height - h) / 2, w, h);
    }

    private static float[] Cut(float[] pixels, int stride, int x0, int y0, int w, int h)
    {
        var result = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            Array.Copy(pixels, ((y0 + y) * stride) + x0, result, y * w, w);
        }

        return result;
    }
}
