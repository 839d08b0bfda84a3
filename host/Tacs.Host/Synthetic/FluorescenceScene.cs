using OpenCvSharp;

namespace Tacs.Host.Synthetic;

/// <summary>
/// A synthetic fluorescence image: round cells with bright nuclei and thin filaments, blurred by a Gaussian
/// point-spread function, on a dim background. Values are expected photon signal in grey levels.
/// </summary>
public static class FluorescenceScene
{
    /// <summary>Draws a scene.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="peak">Brightest signal, grey levels.</param>
    /// <param name="random">Seeded randomness.</param>
    /// <param name="psfSigma">Standard deviation of the point-spread function, pixels.</param>
    public static float[] Draw(int width, int height, double peak, Random random, double psfSigma = 1.2)
    {
        using var canvas = new Mat(height, width, MatType.CV_32FC1, Scalar.All(peak * 0.05));
        var cells = Math.Max(3, width * height / 6000);
        for (var c = 0; c < cells; c++)
        {
            var centre = new Point(random.Next(width), random.Next(height));
            var radius = 6 + random.Next(Math.Max(2, Math.Min(width, height) / 16));
            var axes = new Size(radius, (int)(radius * (0.6 + (0.4 * random.NextDouble()))));
            Cv2.Ellipse(canvas, centre, axes, random.Next(180), 0, 360, Scalar.All(peak * (0.25 + (0.2 * random.NextDouble()))), -1, LineTypes.AntiAlias);
            Cv2.Circle(canvas, centre, Math.Max(2, radius / 3), Scalar.All(peak * (0.7 + (0.3 * random.NextDouble()))), -1, LineTypes.AntiAlias);
        }

        var filaments = Math.Max(4, (width + height) / 16);
        for (var f = 0; f < filaments; f++)
        {
            var start = new Point(random.Next(width), random.Next(height));
            var angle = random.NextDouble() * Math.PI;
            var length = 20 + random.Next(Math.Max(2, width / 3));
            var end = new Point(start.X + (int)(length * Math.Cos(angle)), start.Y + (int)(length * Math.Sin(angle)));
            Cv2.Line(canvas, start, end, Scalar.All(peak * (0.3 + (0.4 * random.NextDouble()))), 1 + random.Next(2), LineTypes.AntiAlias);
        }

        using var blurred = new Mat();
        Cv2.GaussianBlur(canvas, blurred, new Size(0, 0), psfSigma);
        blurred.GetArray(out float[] pixels);
        return pixels;
    }
}
