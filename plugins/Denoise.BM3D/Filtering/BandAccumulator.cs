using Tacs.Plugins.Bm3d.Simd;

namespace Tacs.Plugins.Bm3d.Filtering;

/// <summary>
/// Weighted sums of patch estimates over a horizontal band of the image, owned by one worker so no locks are
/// taken per patch; bands are added to the image-wide sums once, at the end.
/// </summary>
internal sealed unsafe class BandAccumulator
{
    private readonly int _width;

    public BandAccumulator(int width, int firstRow, int rowCount)
    {
        _width = width;
        FirstRow = firstRow;
        RowCount = rowCount;
        Numerator = new float[width * rowCount];
        Denominator = new float[width * rowCount];
    }

    public int FirstRow { get; }

    public int RowCount { get; }

    public float[] Numerator { get; }

    public float[] Denominator { get; }

    /// <summary>Adds a k×k patch estimate already multiplied by the window, with its window and weight.</summary>
    /// <param name="windowedPatch">Estimate × window, k×k.</param>
    /// <param name="window">The window, k×k.</param>
    /// <param name="offset">Top-left offset of the patch in the full image (y·width + x).</param>
    /// <param name="k">Patch side.</param>
    /// <param name="weight">Group weight.</param>
    /// <param name="level">SIMD level.</param>
    public void Add(float* windowedPatch, float* window, int offset, int k, float weight, SimdLevel level)
    {
        var y = (offset / _width) - FirstRow;
        var x = offset % _width;
        fixed (float* num = Numerator)
        fixed (float* den = Denominator)
        {
            for (var r = 0; r < k; r++)
            {
                var at = ((y + r) * _width) + x;
                RowKernels.MultiplyAdd(num + at, windowedPatch + (r * k), weight, k, level);
                RowKernels.MultiplyAdd(den + at, window + (r * k), weight, k, level);
            }
        }
    }

    /// <summary>Adds this band into the image-wide sums.</summary>
    public void AddTo(float[] numerator, float[] denominator)
    {
        var start = FirstRow * _width;
        var n = RowCount * _width;
        fixed (float* gn = numerator)
        fixed (float* gd = denominator)
        fixed (float* ln = Numerator)
        fixed (float* ld = Denominator)
        {
            RowKernels.MultiplyAdd(gn + start, ln, 1f, n, SimdSupport.Best);
            RowKernels.MultiplyAdd(gd + start, ld, 1f, n, SimdSupport.Best);
        }
    }
}
