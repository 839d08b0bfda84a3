using Tacs.BioImageIO.Packages;

namespace Tacs.BioImageIO.Runtime;

/// <summary>
/// Tiles along one image axis. A side that fits one window the model accepts is one tile (mirror-padded up to that
/// window). A longer side gets windows no larger than the requested tile, inside the frame, overlapping so that each
/// keeps only its inner part, at least <c>halo</c> pixels in from both window ends except at the frame's own borders.
/// </summary>
/// <param name="Window">Window length fed to the network (a size the axis accepts).</param>
/// <param name="Tiles">Per tile: where its window starts, and the part it writes.</param>
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
            // Windows stay inside the frame: at its borders the network sees the frame's own edge, as it does untiled.
            tiles.Add((Math.Clamp(start - halo, 0, length - window), start, keep));
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
