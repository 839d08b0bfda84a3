using Tacs.Plugins.Bm3d.Simd;

namespace Tacs.Plugins.Bm3d.Matching;

/// <summary>
/// Full-search block matching: the patches most similar to a reference patch inside a square search window,
/// by the sum of squared pixel differences, below a distance threshold. The reference itself always comes first.
/// </summary>
internal static unsafe class BlockMatcher
{
    /// <summary>Finds up to <paramref name="maxCount"/> matches, sorted by distance, written as top-left pixel
    /// offsets (y·width + x) into <paramref name="positions"/>.</summary>
    /// <param name="image">Image the distances are measured on.</param>
    /// <param name="width">Image width (row stride).</param>
    /// <param name="height">Image height.</param>
    /// <param name="k">Patch side.</param>
    /// <param name="rx">Reference patch left column.</param>
    /// <param name="ry">Reference patch top row.</param>
    /// <param name="half">Search window half-size: candidates within ±half pixels in x and y.</param>
    /// <param name="threshold">Largest accepted sum of squared differences over the patch.</param>
    /// <param name="maxCount">Most matches returned.</param>
    /// <param name="positions">At least <paramref name="maxCount"/> slots.</param>
    /// <param name="distances">At least <paramref name="maxCount"/> slots.</param>
    /// <param name="level">SIMD level for the distance kernel.</param>
    /// <param name="planeStride">For a volume: elements from one slice to the next (the same window is searched
    /// in <paramref name="planesBefore"/> slices before and <paramref name="planesAfter"/> after this one, and
    /// their offsets are relative to this slice, so they fall outside 0 … stride − 1); 0 for a single image.</param>
    /// <param name="planesBefore">Slices before this one to search.</param>
    /// <param name="planesAfter">Slices after this one to search.</param>
    /// <returns>Number of matches, at least 1 (the reference).</returns>
    public static int FindSimilar(
        float* image, int width, int height, int k, int rx, int ry, int half, float threshold, int maxCount,
        int* positions, float* distances, SimdLevel level, int planeStride = 0, int planesBefore = 0, int planesAfter = 0)
    {
        var reference = (ry * width) + rx;
        positions[0] = reference;
        distances[0] = 0;
        var count = 1;
        if (maxCount <= 1)
        {
            return count;
        }

        var x0 = Math.Max(0, rx - half);
        var x1 = Math.Min(width - k, rx + half);
        var y0 = Math.Max(0, ry - half);
        var y1 = Math.Min(height - k, ry + half);
        var refPtr = image + reference;
        var limit = count < maxCount ? threshold : Math.Min(threshold, distances[count - 1]);
        for (var plane = -planesBefore; plane <= planesAfter; plane++)
        {
            limit = Search(image + (plane * planeStride), plane * planeStride, refPtr, reference, width, k, x0, x1, y0, y1, threshold, limit, maxCount, positions, distances, ref count, level);
        }

        return count;
    }

    // One window of one slice: candidates closer than the current limit go into the sorted list.
    private static float Search(
        float* plane, int planeOffset, float* refPtr, int reference, int width, int k, int x0, int x1, int y0, int y1,
        float threshold, float limit, int maxCount, int* positions, float* distances, ref int count, SimdLevel level)
    {
        for (var y = y0; y <= y1; y++)
        {
            var rowStart = y * width;
            for (var x = x0; x <= x1; x++)
            {
                var offset = rowStart + x;
                if (offset == reference && planeOffset == 0)
                {
                    continue;
                }

                var d = RowKernels.PatchDistance(refPtr, plane + offset, width, k, limit, level);
                if (d >= limit)
                {
                    continue;
                }

                // Insert into the sorted list; when full, the worst match drops out.
                var i = count < maxCount ? count++ : count - 1;
                while (i > 1 && distances[i - 1] > d)
                {
                    distances[i] = distances[i - 1];
                    positions[i] = positions[i - 1];
                    i--;
                }

                distances[i] = d;
                positions[i] = planeOffset + offset;
                limit = count < maxCount ? threshold : Math.Min(threshold, distances[count - 1]);
            }
        }

        return limit;
    }

    /// <summary>Largest power of two not above <paramref name="count"/> (the Walsh–Hadamard group size).</summary>
    public static int GroupSize(int count)
    {
        var n = 1;
        while (n * 2 <= count)
        {
            n *= 2;
        }

        return n;
    }
}
