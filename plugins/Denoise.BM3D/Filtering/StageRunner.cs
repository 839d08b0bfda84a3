using Tacs.Plugins.Bm3d.Matching;
using Tacs.Plugins.Bm3d.Simd;

namespace Tacs.Plugins.Bm3d.Filtering;

/// <summary>
/// Runs one BM3D stage over a whole image: reference patches on a grid (always including the last row and
/// column, so any size is covered), block matching, a collaborative filter, and Kaiser-weighted aggregation.
/// Work is split into horizontal bands of reference rows processed in parallel, each with its own sums, which
/// are added up in band order at the end, so the output does not depend on thread timing.
/// </summary>
internal static unsafe class StageRunner
{
    /// <summary>Runs the stage; <paramref name="basic"/> null means stage 1 (hard thresholding), otherwise
    /// stage 2 (Wiener, matching on <paramref name="basic"/>).</summary>
    public static float[] Run(
        float[] noisy, float[]? basic, int width, int height, StageSettings settings, float sigma,
        int maxThreads, SimdLevel level, CancellationToken cancellation)
        => Run(noisy, basic, width, height, 0, width, height, settings, sigma, maxThreads, level, cancellation);

    /// <summary>As above, with reference patches only inside the square region starting at (margin, margin) of
    /// size regionWidth × regionHeight: the rest of the image is a mirrored border matches may come from.</summary>
    public static float[] Run(
        float[] noisy, float[]? basic, int width, int height, int margin, int regionWidth, int regionHeight,
        StageSettings settings, float sigma, int maxThreads, SimdLevel level, CancellationToken cancellation)
        => Run(noisy, basic, width, height, margin, regionWidth, regionHeight, settings, sigma, maxThreads, level, cancellation, new VolumeSlice(0, 0, 0));

    /// <summary>As above for one slice of a volume: <paramref name="noisy"/> and <paramref name="basic"/> hold every
    /// slice (width × height each, one after the other); groups are matched in this slice and its neighbours, and
    /// only this slice's patches are aggregated into the result (width × height).</summary>
    public static float[] Run(
        float[] noisy, float[]? basic, int width, int height, int margin, int regionWidth, int regionHeight,
        StageSettings settings, float sigma, int maxThreads, SimdLevel level, CancellationToken cancellation, VolumeSlice slice)
    {
        var planeStart = slice.Start;
        var planeSize = width * height;
        var k = settings.PatchSize;
        var kk = k * k;
        var xs = Grid(regionWidth - k + 1, settings.Step).Select(x => x + margin).ToArray();
        var ys = Grid(regionHeight - k + 1, settings.Step).Select(y => y + margin).ToArray();
        var window = KaiserWindow.Create(k, settings.KaiserBeta);
        // One threshold λ·σ for every coefficient, as in the reference implementations (bior1.5 is close to
        // orthonormal; scaling by its row norms measured 0.02 dB worse on Set12).
        var thresholds = new float[kk];
        Array.Fill(thresholds, settings.Lambda * sigma);

        var matchLimit = settings.MatchThreshold * kk;
        var numerator = new float[planeSize];
        var denominator = new float[planeSize];

        // A few bands per thread balance the load; each band's sums cover its rows plus the search margin.
        var threads = Math.Max(1, maxThreads);
        var bandCount = Math.Clamp(ys.Length / 4, 1, threads * 4);
        var bands = new BandAccumulator?[bandCount];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellation };
        Parallel.For(0, bandCount, options, band =>
        {
            var first = (int)((long)ys.Length * band / bandCount);
            var last = (int)((long)ys.Length * (band + 1) / bandCount);
            if (first >= last)
            {
                return;
            }

            var rowStart = Math.Max(0, ys[first] - settings.SearchHalf);
            var rowEnd = Math.Min(height, ys[last - 1] + settings.SearchHalf + k);
            var sums = new BandAccumulator(width, rowStart, rowEnd - rowStart);
            var ws = new GroupWorkspace(settings.MaxGroup, k);
            fixed (float* noisyPtr = noisy)
            fixed (float* basicPtr = basic)
            fixed (float* thresholdPtr = thresholds)
            fixed (float* windowPtr = window)
            fixed (int* positions = ws.Positions)
            fixed (float* distances = ws.Distances)
            fixed (float* group = ws.Group)
            fixed (float* patch = ws.Patch)
            fixed (float* scratch = ws.Scratch)
            {
                var noisyPlane = noisyPtr + planeStart;
                var basicPlane = basicPtr != null ? basicPtr + planeStart : null;
                var guide = basicPlane != null ? basicPlane : noisyPlane;
                for (var yi = first; yi < last; yi++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    foreach (var x in xs)
                    {
                        var found = BlockMatcher.FindSimilar(
                            guide, width, height, k, x, ys[yi], settings.SearchHalf, matchLimit, settings.MaxGroup,
                            positions, distances, level, planeSize, slice.Before, slice.After);
                        var n = BlockMatcher.GroupSize(found);
                        var weight = basicPlane == null
                            ? CollaborativeFilters.HardThreshold(noisyPlane, width, ws, n, settings.Transform, thresholdPtr, level)
                            : CollaborativeFilters.Wiener(noisyPlane, basicPlane, width, ws, n, settings.Transform, sigma * sigma, level);
                        for (var m = 0; m < n; m++)
                        {
                            // Patches from neighbouring slices help filter the group; each slice keeps its own.
                            if ((uint)positions[m] >= (uint)planeSize)
                            {
                                continue;
                            }

                            settings.Transform.Inverse(group + (m * kk), patch, scratch, level);
                            RowKernels.MultiplyElementwise(patch, windowPtr, kk, level);
                            sums.Add(patch, windowPtr, positions[m], k, weight, level);
                        }
                    }
                }
            }

            bands[band] = sums;
        });

        // Added in band order, not completion order, so the same input always gives the same output.
        foreach (var sums in bands)
        {
            sums?.AddTo(numerator, denominator);
        }

        for (var i = 0; i < numerator.Length; i++)
        {
            // Every pixel lies in at least one reference patch (the grid ends on the last position), so the
            // denominator is positive; the guard only protects against a degenerate weight.
            numerator[i] = denominator[i] > 0 ? numerator[i] / denominator[i] : noisy[planeStart + i];
        }

        return numerator;
    }

    /// <summary>Which slice of a volume a stage works on: its first element, and how many slices before and after
    /// it block matching searches (0 and 0 for a single image).</summary>
    internal readonly record struct VolumeSlice(int Start, int Before, int After);

    /// <summary>0, step, 2·step, … below <paramref name="count"/>, plus count − 1 if it was skipped.</summary>
    internal static int[] Grid(int count, int step)
    {
        var list = new List<int>();
        for (var p = 0; p < count; p += step)
        {
            list.Add(p);
        }

        if (list[^1] != count - 1)
        {
            list.Add(count - 1);
        }

        return [.. list];
    }
}
