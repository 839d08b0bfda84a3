using System.Globalization;
using System.Numerics;
using System.Text;
using OpenCvSharp;

namespace Tacs.Collagen.Boundaries;

/// <summary>
/// Reads and writes tumour boundaries as users have them: a polygon CSV (one <c>x,y</c> pair per line, in
/// pixels, an optional header line, <c>#</c> comments) or a mask image (TIFF, PNG, JPEG; non-zero inside).
/// </summary>
public static class BoundaryFiles
{
    /// <summary>Extensions read as polygon CSV files.</summary>
    public static readonly IReadOnlyList<string> PolygonExtensions = [".csv", ".txt"];

    /// <summary>Extensions read as mask images.</summary>
    public static readonly IReadOnlyList<string> MaskExtensions = [".tif", ".tiff", ".png", ".jpg", ".jpeg"];

    /// <summary>Reads a boundary for an image of the given size; the kind is chosen by extension.</summary>
    /// <param name="path">Polygon CSV or mask image.</param>
    /// <param name="width">Width of the image the boundary belongs to.</param>
    /// <param name="height">Height of that image.</param>
    /// <exception cref="BoundaryException">Missing, unreadable, malformed, or not fitting the image.</exception>
    public static TumourBoundary Read(string path, int width, int height)
    {
        if (!File.Exists(path))
        {
            throw new BoundaryException($"Boundary file {path} not found; give a polygon CSV (x,y per line) or a mask image.");
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (PolygonExtensions.Contains(extension))
        {
            return TumourBoundary.FromPolygon(ReadPolygon(path), width, height);
        }

        if (MaskExtensions.Contains(extension))
        {
            return TumourBoundary.FromMask(ReadMask(path, width, height), width, height);
        }

        throw new BoundaryException($"Boundary file {path}: unknown type '{extension}'; use a polygon CSV (.csv, .txt) or a mask image (.tif, .png, .jpg).");
    }

    /// <summary>Reads the vertices of a polygon CSV.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="BoundaryException">A line is not two numbers, or fewer than 3 points.</exception>
    public static IReadOnlyList<Vector2> ReadPolygon(string path)
    {
        var points = new List<Vector2>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split([',', ';', '\t', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var ok = cells.Length >= 2
                && float.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                && float.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
                && float.IsFinite(x) && float.IsFinite(y);
            if (!ok)
            {
                if (points.Count == 0 && cells.Length >= 2 && !cells[0].Any(char.IsAsciiDigit))
                {
                    continue; // a header such as "x,y"
                }

                throw new BoundaryException($"Boundary file {path}, line {lineNumber}: '{Shorten(line)}' is not 'x,y' (two numbers in pixels).");
            }

            points.Add(new Vector2(float.Parse(cells[0], CultureInfo.InvariantCulture), float.Parse(cells[1], CultureInfo.InvariantCulture)));
        }

        if (points.Count < 3)
        {
            throw new BoundaryException($"Boundary file {path} has {points.Count} point(s); a polygon needs at least 3 lines of 'x,y'.");
        }

        return points;
    }

    /// <summary>Reads a mask image: any bit depth, colour converted to grey; non-zero means tumour.</summary>
    /// <param name="path">The image.</param>
    /// <param name="width">Expected width.</param>
    /// <param name="height">Expected height.</param>
    /// <exception cref="BoundaryException">Unreadable, or of another size than the image.</exception>
    public static byte[] ReadMask(string path, int width, int height)
    {
        using var image = Cv2.ImRead(path, ImreadModes.Unchanged);
        if (image.Empty())
        {
            throw new BoundaryException($"Boundary mask {path} could not be read as an image; give an 8- or 16-bit TIFF/PNG with non-zero pixels inside the tumour.");
        }

        if (image.Width != width || image.Height != height)
        {
            throw new BoundaryException($"Boundary mask {path} is {image.Width}×{image.Height}, but the image is {width}×{height}; the mask must match the image pixel for pixel.");
        }

        using var grey = new Mat();
        if (image.Channels() > 1)
        {
            Cv2.CvtColor(image, grey, image.Channels() == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY);
        }
        else
        {
            image.CopyTo(grey);
        }

        using var binary = new Mat();
        Cv2.Compare(grey, Scalar.All(0), binary, CmpTypes.NE);
        binary.GetArray(out byte[] data);
        return data;
    }

    /// <summary>Writes a polygon CSV with a header line <c>x,y</c>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="polygon">The vertices.</param>
    public static void WritePolygon(string path, IReadOnlyList<Vector2> polygon)
    {
        var text = new StringBuilder("x,y\n");
        foreach (var p in polygon)
        {
            text.Append(CultureInfo.InvariantCulture, $"{p.X:0.##},{p.Y:0.##}\n");
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>A boundary file next to an image, by the conventions <c>name.boundary.csv</c>, <c>name_boundary.csv</c>,
    /// <c>name.boundary.tif</c>, <c>name_mask.tif</c> and <c>name_mask.png</c>; null when there is none.</summary>
    /// <param name="imagePath">The image.</param>
    public static string? FindSidecar(string imagePath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(imagePath)) ?? ".";
        var stem = Path.GetFileNameWithoutExtension(imagePath);
        string[] names = [$"{stem}.boundary.csv", $"{stem}_boundary.csv", $"{stem}.boundary.tif", $"{stem}_mask.tif", $"{stem}_mask.png"];
        return names.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);
    }

    private static string Shorten(string line) => line.Length <= 40 ? line : line[..40] + "…";
}
