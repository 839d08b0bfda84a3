using System.Globalization;
using OpenCvSharp;
using Tacs.Collagen.Features;

namespace Tacs.Collagen.Overlay;

/// <summary>
/// A picture of what the classifier saw, so a person can check a call: the image in grey, the tumour boundary
/// (white), the outer edge of the band (yellow), every traced fibre in the band coloured by its angle to the
/// boundary (blue parallel, green 45°, red perpendicular; fibres outside the band dim grey), a dot on the
/// boundary per scored arc coloured by its perpendicular fraction, a ring on the arc that scored highest, and
/// the answer in the corner.
/// </summary>
public static class ClassificationOverlay
{
    /// <summary>Writes the overlay as PNG (or any format OpenCV writes from the extension).</summary>
    /// <param name="path">Output file, e.g. <c>out.png</c>.</param>
    /// <param name="pixels">The image that was measured, row-major.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <param name="analysis">What <see cref="FibreFeatureExtractor.Analyse"/> returned for that image.</param>
    /// <param name="caption">Lines to print in the corner (label, probabilities, doubts).</param>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static void Write(string path, ReadOnlySpan<float> pixels, int width, int height, FibreAnalysis analysis, IReadOnlyList<string> caption)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(caption);
        using var image = Render(pixels, width, height, analysis, caption);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        if (!Cv2.ImWrite(path, image))
        {
            throw new IOException($"The overlay {path} could not be written; use a .png, .jpg or .tif name in a writable folder.");
        }
    }

    /// <summary>The overlay as a BGR image (8 bits per channel).</summary>
    /// <param name="pixels">The image that was measured.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <param name="analysis">Its analysis.</param>
    /// <param name="caption">Lines for the corner.</param>
    public static Mat Render(ReadOnlySpan<float> pixels, int width, int height, FibreAnalysis analysis, IReadOnlyList<string> caption)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var grey = GreyImage.Normalise(pixels, width, height);
        var bytes = new byte[grey.Length];
        for (var i = 0; i < grey.Length; i++)
        {
            bytes[i] = (byte)Math.Clamp(grey[i] * 200, 0, 200); // keep headroom so coloured marks stand out
        }

        using var mono = Mat.FromPixelData(height, width, MatType.CV_8UC1, bytes);
        var canvas = new Mat();
        Cv2.CvtColor(mono, canvas, ColorConversionCodes.GRAY2BGR);
        var boundary = analysis.Boundary;
        foreach (var fibre in analysis.Fibres)
        {
            var colour = new Scalar(110, 110, 110);
            if (boundary is not null)
            {
                var m = fibre.Middle;
                var i = ((int)m.Y * width) + (int)m.X;
                var d = boundary.SignedDistance[i];
                if (d > 0 && d <= analysis.BandWidth && (boundary.NormalX[i] != 0 || boundary.NormalY[i] != 0))
                {
                    colour = AngleColour(BoundaryFeatures.RelativeAngle(fibre.Angle, boundary.NormalX[i], boundary.NormalY[i]) / 90);
                }
            }

            var points = fibre.Points.Select(p => new Point((int)p.X, (int)p.Y)).ToArray();
            Cv2.Polylines(canvas, [points], isClosed: false, colour, 1);
        }

        if (boundary is not null)
        {
            Cv2.Polylines(canvas, [boundary.Polygon.Select(p => new Point((int)p.X, (int)p.Y)).ToArray()], isClosed: true, Scalar.White, 2);
            DrawBandEdge(canvas, boundary.SignedDistance, width, height, analysis.BandWidth);
            foreach (var arc in analysis.Arcs)
            {
                Cv2.Circle(canvas, new Point((int)arc.Middle.X, (int)arc.Middle.Y), 5, AngleColour(arc.PerpendicularFraction), -1);
            }

            if (analysis.Arcs.Count > 0)
            {
                var peak = analysis.Arcs.MaxBy(a => a.PerpendicularFraction)!;
                var centre = new Point((int)peak.Middle.X, (int)peak.Middle.Y);
                Cv2.Circle(canvas, centre, 11, new Scalar(255, 0, 255), 2);
                Cv2.PutText(canvas, "perp " + peak.PerpendicularFraction.ToString("F2", CultureInfo.InvariantCulture), centre + new Point(14, 4), HersheyFonts.HersheySimplex, 0.45, new Scalar(255, 0, 255), 1, LineTypes.AntiAlias);
            }
        }

        var y = 18;
        foreach (var line in caption.Append("fibre angle to boundary: blue 0, green 45, red 90 deg"))
        {
            Cv2.PutText(canvas, line, new Point(6, y), HersheyFonts.HersheySimplex, 0.45, Scalar.Black, 3, LineTypes.AntiAlias);
            Cv2.PutText(canvas, line, new Point(6, y), HersheyFonts.HersheySimplex, 0.45, Scalar.White, 1, LineTypes.AntiAlias);
            y += 18;
        }

        return canvas;
    }

    /// <summary>Blue (0) through green (0.5) to red (1), as BGR.</summary>
    private static Scalar AngleColour(double t)
    {
        t = Math.Clamp(t, 0, 1);
        return t < 0.5
            ? new Scalar(255 * (1 - (2 * t)), 255 * 2 * t, 0)
            : new Scalar(0, 255 * (2 - (2 * t)), 255 * ((2 * t) - 1));
    }

    private static void DrawBandEdge(Mat canvas, float[] distance, int width, int height, double band)
    {
        var inside = new byte[distance.Length];
        for (var i = 0; i < distance.Length; i++)
        {
            inside[i] = distance[i] <= band ? (byte)255 : (byte)0;
        }

        using var mask = Mat.FromPixelData(height, width, MatType.CV_8UC1, inside);
        Cv2.FindContours(mask, out Point[][] contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        Cv2.Polylines(canvas, contours, isClosed: true, new Scalar(0, 220, 255), 1);
    }
}
