using System.Numerics;

namespace Tacs.Collagen.Features;

/// <summary>A band pixel for the orientation order: its position and, per structure-tensor scale, tangent − normal gradient energy and total energy.</summary>
internal sealed record OrderSample(Vector2 Middle, double[] Contrast, double[] Energy);

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

    /// <summary>The boundary resampled every 2 px with its nearest-point index, built once per image for every arc
    /// measure; null when the polygon is too small to have arcs.</summary>
    public static Frame? FrameOf(IReadOnlyList<Vector2> polygon)
    {
        var (points, position, perimeter) = Resample(polygon, spacing: 2);
        return points.Count < 3 || perimeter <= 0 ? null : new Frame(points, position, perimeter);
    }

    public static IReadOnlyList<ArcScore> Score(Frame? frame, double band, IReadOnlyList<(Vector2 Middle, double Angle, double Length, double Straightness)> fibres)
    {
        if (frame is null)
        {
            return [];
        }

        var (points, position, perimeter) = (frame.Points, frame.Position, frame.Perimeter);
        var arcLength = Math.Min(perimeter, 2 * band);
        var step = Math.Max(1, band / 2);
        var located = fibres.Select(f => (S: frame.Locate(f.Middle), f.Angle, f.Length, f.Straightness)).ToArray();
        var arcs = new List<ArcScore>();
        for (var start = 0.0; start < perimeter; start += step)
        {
            double total = 0, perpendicular = 0, parallel = 0, straight = 0, straightPerpendicular = 0;
            var count = 0;
            foreach (var f in located)
            {
                if (!OnArc(f.S, start, arcLength, perimeter))
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

    /// <summary>Fewest band pixels for an arc's orientation order to be scored.</summary>
    public const int MinPixels = 50;

    /// <summary>
    /// Orientation order per arc (the arcs of <see cref="Score"/>, stepped by ¼ band), at each of the sample's scales:
    /// Σ(tangent − normal gradient energy) ÷ Σ energy over the arc's band pixels, from +1 (every fibre along the
    /// normal, perpendicular to the boundary) through 0 (isotropic, or noise) to −1 (every fibre parallel). Noise
    /// adds to the denominator only, so the sign holds at any noise level and the magnitude falls smoothly, where
    /// thresholded angle fractions become random.
    /// </summary>
    /// <returns>Per scored arc, the order at each scale.</returns>
    public static IReadOnlyList<double[]> Order(Frame? frame, double band, IReadOnlyList<OrderSample> pixels)
    {
        if (frame is null || pixels.Count == 0)
        {
            return [];
        }

        var perimeter = frame.Perimeter;
        var scales = pixels[0].Contrast.Length;
        var arcLength = Math.Min(perimeter, 2 * band);
        var step = Math.Max(1, band / 4);
        var located = pixels.Select(p => frame.Locate(p.Middle)).ToArray();
        var orders = new List<double[]>();
        for (var start = 0.0; start < perimeter; start += step)
        {
            var contrast = new double[scales];
            var energy = new double[scales];
            var count = 0;
            for (var k = 0; k < located.Length; k++)
            {
                if (OnArc(located[k], start, arcLength, perimeter))
                {
                    count++;
                    for (var scale = 0; scale < scales; scale++)
                    {
                        contrast[scale] += pixels[k].Contrast[scale];
                        energy[scale] += pixels[k].Energy[scale];
                    }
                }
            }

            if (count >= MinPixels)
            {
                orders.Add([.. Enumerable.Range(0, scales).Select(scale => energy[scale] > 0 ? contrast[scale] / energy[scale] : 0)]);
            }

            if (arcLength >= perimeter)
            {
                break;
            }
        }

        return orders;
    }

    /// <summary>Whether boundary position <paramref name="s"/> lies on the arc from <paramref name="start"/> of
    /// <paramref name="arcLength"/>, the boundary being closed (positions wrap at <paramref name="perimeter"/>).</summary>
    private static bool OnArc(double s, double start, double arcLength, double perimeter)
    {
        var offset = (s - start) % perimeter;
        return (offset < 0 ? offset + perimeter : offset) < arcLength;
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

    private static int Nearest(List<double> position, double s)
    {
        var i = position.BinarySearch(s);
        return Math.Clamp(i >= 0 ? i : ~i, 0, position.Count - 1);
    }

    /// <summary>A closed boundary as points every 2 px, their arc-length positions and a nearest-point index.</summary>
    internal sealed class Frame(List<Vector2> points, List<double> position, double perimeter)
    {
        private readonly PointIndex _index = new(points);

        public List<Vector2> Points => points;

        public List<double> Position => position;

        public double Perimeter => perimeter;

        /// <summary>Arc-length position of the boundary point nearest to <paramref name="p"/>.</summary>
        public double Locate(Vector2 p) => position[_index.Nearest(p)];
    }

    /// <summary>
    /// Nearest of many boundary points for thousands of queries: the points binned in square cells, searched ring by
    /// ring outwards from the query's cell until no nearer point can lie further out. Gives the same point as a scan
    /// of all of them: the lowest index among equally near ones.
    /// </summary>
    private sealed class PointIndex
    {
        private const float Cell = 16;
        private readonly List<Vector2> _points;
        private readonly Dictionary<(int X, int Y), List<int>> _cells = [];
        private readonly int _minX, _maxX, _minY, _maxY;

        public PointIndex(List<Vector2> points)
        {
            _points = points;
            (_minX, _maxX, _minY, _maxY) = (int.MaxValue, int.MinValue, int.MaxValue, int.MinValue);
            for (var i = 0; i < points.Count; i++)
            {
                var key = CellOf(points[i]);
                if (!_cells.TryGetValue(key, out var list))
                {
                    _cells[key] = list = [];
                }

                list.Add(i);
                (_minX, _maxX) = (Math.Min(_minX, key.X), Math.Max(_maxX, key.X));
                (_minY, _maxY) = (Math.Min(_minY, key.Y), Math.Max(_maxY, key.Y));
            }
        }

        public int Nearest(Vector2 p)
        {
            var (cx, cy) = CellOf(p);
            var best = 0;
            var bestDistance = float.MaxValue;
            var widest = Math.Max(Math.Max(Math.Abs(cx - _minX), Math.Abs(cx - _maxX)), Math.Max(Math.Abs(cy - _minY), Math.Abs(cy - _maxY)));
            for (var ring = 0; ring <= widest; ring++)
            {
                // Every point in ring r is at least (r − 1) cells away; stop once that exceeds the best found.
                var reach = Math.Max(0, ring - 1) * Cell;
                if (reach * reach > bestDistance)
                {
                    break;
                }

                for (var y = cy - ring; y <= cy + ring; y++)
                {
                    var edge = y == cy - ring || y == cy + ring;
                    for (var x = cx - ring; x <= cx + ring; x += edge ? 1 : 2 * ring)
                    {
                        if (_cells.TryGetValue((x, y), out var list))
                        {
                            foreach (var i in list)
                            {
                                var d = Vector2.DistanceSquared(_points[i], p);
                                if (d < bestDistance || (d == bestDistance && i < best))
                                {
                                    bestDistance = d;
                                    best = i;
                                }
                            }
                        }

                        if (ring == 0)
                        {
                            break;
                        }
                    }
                }
            }

            return best;
        }

        private static (int X, int Y) CellOf(Vector2 p) => ((int)MathF.Floor(p.X / Cell), (int)MathF.Floor(p.Y / Cell));
    }
}
