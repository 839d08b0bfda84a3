using System.Numerics;
using OpenCvSharp;

namespace Tacs.Collagen.Boundaries;

/// <summary>
/// The tumour region of an image and the geometry derived from it: a mask (1 inside the tumour), the signed
/// distance to the boundary (positive outside, in pixels) and the outward normal of the nearest boundary
/// stretch at every pixel. Relative fibre angles are measured against that normal: a fibre along it runs
/// perpendicular to the boundary (90°), a fibre across it runs parallel (0°).
/// </summary>
public sealed class TumourBoundary
{
    private readonly Lazy<(float[] Distance, float[] NormalX, float[] NormalY)> _fields;

    private TumourBoundary(int width, int height, byte[] mask, IReadOnlyList<Vector2> polygon)
    {
        Width = width;
        Height = height;
        Mask = mask;
        Polygon = polygon;
        _fields = new Lazy<(float[], float[], float[])>(ComputeFields);
    }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Row-major mask: 1 inside the tumour, 0 in the stroma.</summary>
    public byte[] Mask { get; }

    /// <summary>The boundary as a closed polygon in pixel coordinates (from the file, or traced from the mask).</summary>
    public IReadOnlyList<Vector2> Polygon { get; }

    /// <summary>Signed distance to the boundary in pixels, positive outside the tumour.</summary>
    public float[] SignedDistance => _fields.Value.Distance;

    /// <summary>x component of the outward unit normal of the nearest boundary stretch.</summary>
    public float[] NormalX => _fields.Value.NormalX;

    /// <summary>y component of the outward unit normal of the nearest boundary stretch.</summary>
    public float[] NormalY => _fields.Value.NormalY;

    /// <summary>Builds the boundary from a closed polygon.</summary>
    /// <param name="polygon">Vertices in pixel coordinates (x right, y down), at least 3.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <exception cref="BoundaryException">Fewer than 3 vertices, a vertex not finite, or no tumour pixel inside the image.</exception>
    public static TumourBoundary FromPolygon(IReadOnlyList<Vector2> polygon, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(polygon);
        CheckSize(width, height);
        if (polygon.Count < 3)
        {
            throw new BoundaryException($"A boundary polygon needs at least 3 points (x,y); it has {polygon.Count}.");
        }

        if (polygon.Any(p => !float.IsFinite(p.X) || !float.IsFinite(p.Y)))
        {
            throw new BoundaryException("The boundary polygon has a point that is not a finite number.");
        }

        // Sub-pixel vertices: OpenCV draws with 4 fractional bits.
        const int shift = 4;
        var points = polygon.Select(p => new Point((int)Math.Round(p.X * (1 << shift)), (int)Math.Round(p.Y * (1 << shift)))).ToArray();
        using var mat = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        Cv2.FillPoly(mat, [points], Scalar.All(1), LineTypes.Link8, shift);
        var mask = new byte[width * height];
        mat.GetArray(out byte[] data);
        Array.Copy(data, mask, mask.Length);
        Validate(mask, width, height);
        return new TumourBoundary(width, height, mask, [.. polygon]);
    }

    /// <summary>Builds the boundary from a mask (non-zero inside the tumour); the polygon is traced from its largest region.</summary>
    /// <param name="mask">Row-major mask, width × height values.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <exception cref="BoundaryException">The mask is empty, covers the whole image, or has the wrong size.</exception>
    public static TumourBoundary FromMask(ReadOnlySpan<byte> mask, int width, int height)
    {
        CheckSize(width, height);
        if (mask.Length != width * height)
        {
            throw new BoundaryException($"The boundary mask has {mask.Length} pixels; the image has {width}×{height} = {width * height}.");
        }

        var binary = new byte[mask.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            binary[i] = mask[i] != 0 ? (byte)1 : (byte)0;
        }

        Validate(binary, width, height);
        using var mat = Mat.FromPixelData(height, width, MatType.CV_8UC1, binary);
        Cv2.FindContours(mat, out Point[][] contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxNone);
        var largest = contours.OrderByDescending(c => Cv2.ContourArea(c)).First();
        return new TumourBoundary(width, height, binary, [.. largest.Select(p => new Vector2(p.X, p.Y))]);
    }

    /// <summary>Signed distance at a pixel (positive outside the tumour).</summary>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    public float DistanceAt(int x, int y) => SignedDistance[Index(x, y)];

    /// <summary>Outward unit normal of the nearest boundary stretch at a pixel.</summary>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    public Vector2 NormalAt(int x, int y)
    {
        var i = Index(x, y);
        return new Vector2(NormalX[i], NormalY[i]);
    }

    /// <summary>True when the pixel lies inside the tumour.</summary>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    public bool IsInside(int x, int y) => Mask[Index(x, y)] != 0;

    private int Index(int x, int y) => (Math.Clamp(y, 0, Height - 1) * Width) + Math.Clamp(x, 0, Width - 1);

    private static void CheckSize(int width, int height)
    {
        if (width < 8 || height < 8 || (long)width * height > 1L << 28)
        {
            throw new BoundaryException($"Image size {width}×{height} is outside 8×8 … 16384×16384 for a boundary.");
        }
    }

    private static void Validate(byte[] mask, int width, int height)
    {
        var inside = 0L;
        foreach (var b in mask)
        {
            inside += b;
        }

        if (inside == 0)
        {
            throw new BoundaryException($"The boundary encloses no pixel of the {width}×{height} image; check that its coordinates are in pixels of this image.");
        }

        if (inside == mask.Length)
        {
            throw new BoundaryException($"The boundary encloses the whole {width}×{height} image, so there is no stroma to measure; give the tumour region only.");
        }
    }

    private (float[] Distance, float[] NormalX, float[] NormalY) ComputeFields()
    {
        using var inside = Mat.FromPixelData(Height, Width, MatType.CV_8UC1, Mask);
        using var outside = new Mat();
        Cv2.Compare(inside, Scalar.All(0), outside, CmpTypes.EQ);
        using var inner = new Mat();
        using var outer = new Mat();
        Cv2.DistanceTransform(inside, inner, DistanceTypes.L2, DistanceTransformMasks.Precise);
        Cv2.DistanceTransform(outside, outer, DistanceTypes.L2, DistanceTransformMasks.Precise);
        using var signed = new Mat();
        Cv2.Subtract(outer, inner, signed);

        // The gradient of the signed distance points away from the nearest boundary point, i.e. along the
        // outward normal there; a little smoothing removes the staircase of the pixel grid.
        using var smooth = new Mat();
        Cv2.GaussianBlur(signed, smooth, new Size(0, 0), 2.0);
        using var gx = new Mat();
        using var gy = new Mat();
        Cv2.Sobel(smooth, gx, MatType.CV_32F, 1, 0, 3);
        Cv2.Sobel(smooth, gy, MatType.CV_32F, 0, 1, 3);
        signed.GetArray(out float[] distance);
        gx.GetArray(out float[] nx);
        gy.GetArray(out float[] ny);
        for (var i = 0; i < nx.Length; i++)
        {
            var norm = MathF.Sqrt((nx[i] * nx[i]) + (ny[i] * ny[i]));
            if (norm > 1e-6f)
            {
                nx[i] /= norm;
                ny[i] /= norm;
            }
            else
            {
                nx[i] = 0;
                ny[i] = 0;
            }
        }

        return (distance, nx, ny);
    }
}
