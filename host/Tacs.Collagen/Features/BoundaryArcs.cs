using System.Numerics;

namespace Tacs.Collagen.Features;

/// <summary>One arc of the boundary and the fibres of the band next to it.</summary>
/// <param name="Start">Arc length from the polygon's first vertex where the arc starts, px.</param>
/// <param name="Middle">The boundary point half-way along the arc, px.</param>
/// <param name="Fibres">Band fibres whose nearest boundary point lies on the arc.</param>
/// <param name="PerpendicularFraction">Length-weighted fraction of those fibres at more than 60° to the boundary.</param>
/// <param name="ParallelFraction">Length-weighted fraction at less than 30°.</param>
/// <param name="Straightness">Length-weighted mean straightness of the arc's fibres.</param>
/// <param name="StraightPerpendicularDensity">Length of straight (≥ 0.9) fibres at more than 60°, per px of arc.</param>
public sealed record ArcScore(double Start, Vector2 Middle, int Fibres, double PerpendicularFraction, double ParallelFraction, double Straightness, double StraightPerpendicularDensity);

/// <summary>
/// Fibre orientation per stretch of the boundary. Band-wide means cannot see focal TACS-3 (bundles leaving the
/// tumour over one stretch, collagen parallel or random elsewhere), so the boundary is cut into overlapping arcs
/// of fixed length (twice the band, slid by half a band) and each arc is scored on the band fibres whose nearest
/// boundary point lies on it. Fractions are weighted by fibre length so that the short random pieces noise
/// breaks fibres into count less than long fibres.
/// </summary>
internal static class BoundaryArcs
{
    /// <summary>Fewest fibres for an arc to be scored; fewer give fractions of 0 or 1 by chance.</summary>
    public const int MinFibres = 5;

    public static IReadOnlyList<ArcScore> Score(IReadOnlyList<Vector2> polygon, double band, IReadOnlyList<(Vector2 Middle, double Angle, double Length, double Straightness)> fibres)
    {
        var (points, position, perimeter) = Resample(polygon, spacing: 2);
        if (points.Count < 3 || perimeter <= 0)
        {
            return [];
        }

        var arcLength = Math.Min(perimeter, 2 * band);
        var step = Math.Max(1, band / 2);
        var located = fibres.Select(f => (S: position[Nearest(points, f.Middle)], f.Angle, f.Length, f.Straightness)).ToArray();
        var arcs = new List<ArcScore>();
        for (var start = 0.0; start < perimeter; start += step)
        {
            double total = 0, perpendicular = 0, parallel = 0, straight = 0, straightPerpendicular = 0;
            var count = 0;
            foreach (var f in located)
            {
                var offset = (f.S - start) % perimeter;
                if (offset < 0)
                {
                    offset += perimeter;
                }

                if (offset >= arcLength)
                {
                    continue;
                }

                count++;
                total += f.Length;
                perpendicular += f.Angle > 60 ? f.Length : 0;
                parallel += f.Angle < 30 ? f.Length : 0;
                straight += f.Straightness * f.Length;
                straightPerpendicular += f.Angle > 60 && f.Straightness >= 0.9 ? f.Length : 0;
            }

            if (count >= MinFibres && total > 0)
            {
                var middle = (start + (arcLength / 2)) % perimeter;
                arcs.Add(new ArcScore(start, points[Nearest(position, middle)], count, perpendicular / total, parallel / total, straight / total, straightPerpendicular / arcLength));
            }

            if (arcLength >= perimeter)
            {
                break; // one arc covers the whole boundary
            }
        }

        return arcs;
    }

    /// <summary>Points every <paramref name="spacing"/> px along the closed polygon and their arc-length positions.</summary>
    private static (List<Vector2> Points, List<double> Position, double Perimeter) Resample(IReadOnlyList<Vector2> polygon, double spacing)
    {
        var points = new List<Vector2>();
        var position = new List<double>();
        var travelled = 0.0;
        for (var i = 0; i < polygon.Count; i++)
        {
            var a = polygon[i];
            var b = polygon[(i + 1) % polygon.Count];
            var length = Vector2.Distance(a, b);
            var pieces = Math.Max(1, (int)Math.Ceiling(length / spacing));
            for (var k = 0; k < pieces; k++)
            {
                points.Add(Vector2.Lerp(a, b, k / (float)pieces));
                position.Add(travelled + (length * k / pieces));
            }

            travelled += length;
        }

        return (points, position, travelled);
    }

    private static int Nearest(List<Vector2> points, Vector2 p)
    {
        var best = 0;
        var bestDistance = float.MaxValue;
        for (var i = 0; i < points.Count; i++)
        {
            var d = Vector2.DistanceSquared(points[i], p);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = i;
            }
        }

        return best;
    }

    private static int Nearest(List<double> position, double s)
    {
        var i = position.BinarySearch(s);
        return Math.Clamp(i >= 0 ? i : ~i, 0, position.Count - 1);
    }
}
