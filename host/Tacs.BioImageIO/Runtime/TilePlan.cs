using Tacs.BioImageIO.Packages;

namespace Tacs.BioImageIO.Runtime;

/// <summary>
/// Tiles along one image axis. A side that fits one window the model accepts is one tile (mirror-padded up to that
/// window). A longer side gets windows no larger than the requested tile, overlapping so that each keeps only its
/// inner part, <c>halo</c> pixels in from both ends, where the network saw enough context.
/// </summary>
/// <param name="Window">Window length fed to the network (a size the axis accepts).</param>
/// <param name="Tiles">Per tile: where its window starts (may be negative: mirrored), and the part it writes.</param>
public sealed record TilePlan(int Window, IReadOnlyList<(int WindowStart, int KeepStart, int KeepLength)> Tiles)
{
    /// <summary>Plans an axis of <paramref name="length"/> pixels.</summary>
    /// <param name="length">Frame side.</param>
    /// <param name="axis">The input axis (fixed size, or min + n × step).</param>
    /// <param name="halo">Output halo on this axis.</param>
    /// <param name="tile">Largest window wanted.</param>
    /// <exception cref="PackageException">The accepted windows cannot hold more than twice the halo.</exception>
    public static TilePlan For(int length, AxisDescription axis, int halo, int tile)
    {
        var single = axis.ValidSizeAtLeast(length);
        var window = axis.ValidSizeAtMost(tile);
        if (single >= length && single <= Math.Max(window, tile))
        {
            return new TilePlan(single, [(0, 0, length)]);
        }

        var core = window - (2 * halo);
        if (core < 1)
        {
            throw new PackageException($"Axis {axis.Id}: a window of {window} pixels keeps nothing inside a halo of {halo} on each side; use a larger tile.");
        }

        var tiles = new List<(int, int, int)>();
        for (var start = 0; start < length; start += core)
        {
            var keep = Math.Min(core, length - start);
            tiles.Add((start - halo, start, keep));
        }

        return new TilePlan(window, tiles);
    }

    /// <summary>Index into a side of <paramref name="length"/> pixels for position <paramref name="i"/>, mirrored at both ends (…2 1 0 1 2…).</summary>
    public static int Mirror(int i, int length)
    {
        if (length == 1)
        {
            return 0;
        }

        var period = (2 * length) - 2;
        var j = ((i % period) + period) % period;
        return j < length ? j : period - j;
    }
}
