using Tacs.Collagen.Boundaries;

namespace Tacs.Collagen.Features;

/// <summary>
/// Fibre orientation relative to the tumour boundary within a band of the stroma (CurveAlign's relative
/// angle): the angle between a fibre and the tangent of the nearest boundary stretch, 0° parallel, 90°
/// perpendicular. It equals asin|u·n| for a fibre direction u and the boundary's outward normal n.
/// </summary>
internal static class BoundaryFeatures
{
    public static (List<(string Name, double Value)> Values, IReadOnlyList<ArcScore> Arcs) Measure(
        FibreNetwork network, StructureTensor tensor, StructureTensor orderTensor, TumourBoundary boundary, double band, List<string> notes)
    {
        var values = new List<(string Name, double Value)>();
        var banded = new List<(System.Numerics.Vector2 Middle, double Angle, double Length, double Straightness)>();
        var width = boundary.Width;
        var distance = boundary.SignedDistance;
        var nx = boundary.NormalX;
        var ny = boundary.NormalY;

        var relative = new List<double>();
        double cos2 = 0, sin2 = 0, distanceSum = 0, straightSum = 0;
        foreach (var fibre in network.Fibres)
        {
            var m = fibre.Middle;
            var i = ((int)m.Y * width) + (int)m.X;
            if (distance[i] <= 0 || distance[i] > band || (nx[i] == 0 && ny[i] == 0))
            {
                continue;
            }

            var angle = RelativeAngle(fibre.Angle, nx[i], ny[i]);
            relative.Add(angle);
            banded.Add((m, angle, fibre.Length, fibre.Straightness));
            var psi = fibre.Angle - Math.Atan2(ny[i], nx[i]);
            cos2 += Math.Cos(2 * psi);
            sin2 += Math.Sin(2 * psi);
            distanceSum += distance[i];
            straightSum += fibre.Straightness;
        }

        // Pixel-wise orientation (structure tensor, σ = 4 px window) survives noise that breaks traced fibres into
        // pieces; a grid of band pixels every 3 px is scored per arc like the fibres, weighted by energy × coherency.
        double weighted = 0, weight = 0, bandPixels = 0, bandFibre = 0, stPerpendicular = 0, stParallel = 0;
        var pixelSamples = new List<(System.Numerics.Vector2 Middle, double Angle, double Length, double Straightness)>();
        // Orientation order at two scales: the fine tensor resolves bundles of closely spaced fibres, the coarse one
        // (image smoothed at σ = 5 px) keeps the orientation where noise dominates the fine gradients.
        var orderSamples = new List<OrderSample>();
        double fineContrast = 0, fineEnergy = 0, coarseContrast = 0, coarseEnergy = 0;
        for (var i = 0; i < distance.Length; i++)
        {
            if (distance[i] <= 0 || distance[i] > band)
            {
                continue;
            }

            bandPixels++;
            bandFibre += network.Mask[i];
            if (nx[i] != 0 || ny[i] != 0)
            {
                var fine = tensor.TangentMinusNormalEnergy(i, nx[i], ny[i]);
                var coarse = orderTensor.TangentMinusNormalEnergy(i, nx[i], ny[i]);
                fineContrast += fine;
                fineEnergy += tensor.Energy[i];
                coarseContrast += coarse;
                coarseEnergy += orderTensor.Energy[i];
                if ((i % width) % 3 == 0 && (i / width) % 3 == 0)
                {
                    orderSamples.Add(new OrderSample(new System.Numerics.Vector2(i % width, i / width), [fine, coarse], [tensor.Energy[i], orderTensor.Energy[i]]));
                }
            }

            var w = tensor.Energy[i] * tensor.Coherency[i];
            if (w > 0 && (nx[i] != 0 || ny[i] != 0))
            {
                var pixelAngle = RelativeAngle(tensor.FibreAngleAt(i), nx[i], ny[i]);
                weighted += w * pixelAngle;
                weight += w;
                stPerpendicular += pixelAngle > 60 ? w : 0;
                stParallel += pixelAngle < 30 ? w : 0;
                var (x, y) = (i % width, i / width);
                if (x % 3 == 0 && y % 3 == 0)
                {
                    pixelSamples.Add((new System.Numerics.Vector2(x, y), pixelAngle, w, 1));
                }
            }
        }

        var n = relative.Count;
        if (n == 0)
        {
            notes.Add(FormattableString.Invariant($"No fibre lies within {band:0.#} px of the boundary: relative-angle features set to their values for random orientation (45°, 1/3, 1/3)."));
        }

        values.Add(("boundary_rel_angle_mean", n > 0 ? relative.Average() : 45));
        values.Add(("boundary_frac_above_60", n > 0 ? relative.Count(a => a > 60) / (double)n : 1 / 3.0));
        values.Add(("boundary_frac_below_30", n > 0 ? relative.Count(a => a < 30) / (double)n : 1 / 3.0));
        values.Add(("boundary_st_rel_angle_mean", weight > 0 ? weighted / weight : 45));
        values.Add(("boundary_rel_alignment", n > 0 ? Math.Sqrt((cos2 * cos2) + (sin2 * sin2)) / n : 0));
        values.Add(("boundary_fibre_distance_mean", n > 0 ? distanceSum / n : band / 2));
        values.Add(("boundary_band_area_fraction", bandPixels > 0 ? bandFibre / bandPixels : 0));
        values.Add(("boundary_band_straightness", n > 0 ? straightSum / n : 0));

        var totalLength = banded.Sum(f => f.Length);
        var lengthPerpendicular = totalLength > 0 ? banded.Where(f => f.Angle > 60).Sum(f => f.Length) / totalLength : 1 / 3.0;
        var lengthParallel = totalLength > 0 ? banded.Where(f => f.Angle < 30).Sum(f => f.Length) / totalLength : 1 / 3.0;
        values.Add(("boundary_lw_frac_above_60", lengthPerpendicular));
        values.Add(("boundary_lw_frac_below_30", lengthParallel));

        var frame = BoundaryArcs.FrameOf(boundary.Polygon);
        var arcs = BoundaryArcs.Score(frame, band, banded);
        if (arcs.Count == 0)
        {
            notes.Add(FormattableString.Invariant($"No arc of the boundary has {BoundaryArcs.MinFibres} or more band fibres: arc features set to the band-wide length-weighted values."));
        }

        var peak = arcs.Count > 0 ? arcs.MaxBy(a => a.PerpendicularFraction) : null;
        values.Add(("boundary_arc_max_frac_above_60", peak?.PerpendicularFraction ?? lengthPerpendicular));
        values.Add(("boundary_arc_max_frac_below_30", arcs.Count > 0 ? arcs.Max(a => a.ParallelFraction) : lengthParallel));
        values.Add(("boundary_arc_perpendicular_coverage", arcs.Count > 0 ? arcs.Count(a => a.PerpendicularFraction > 0.5) / (double)arcs.Count : (lengthPerpendicular > 0.5 ? 1 : 0)));
        values.Add(("boundary_arc_peak_straightness", peak?.Straightness ?? (n > 0 ? straightSum / n : 0)));
        values.Add(("boundary_arc_max_straight_perpendicular", arcs.Count > 0 ? arcs.Max(a => a.StraightPerpendicularDensity) : 0));
        var pixelArcs = BoundaryArcs.Score(frame, band, pixelSamples);
        values.Add(("boundary_st_frac_above_60", weight > 0 ? stPerpendicular / weight : 1 / 3.0));
        values.Add(("boundary_st_frac_below_30", weight > 0 ? stParallel / weight : 1 / 3.0));
        values.Add(("boundary_arc_st_max_frac_above_60", pixelArcs.Count > 0 ? pixelArcs.Max(a => a.PerpendicularFraction) : 1 / 3.0));
        values.Add(("boundary_arc_st_max_frac_below_30", pixelArcs.Count > 0 ? pixelArcs.Max(a => a.ParallelFraction) : 1 / 3.0));
        var fineOrder = fineEnergy > 0 ? fineContrast / fineEnergy : 0;
        var coarseOrder = coarseEnergy > 0 ? coarseContrast / coarseEnergy : 0;
        var arcOrders = BoundaryArcs.Order(frame, band, orderSamples);
        values.Add(("boundary_st_order", fineOrder));
        values.Add(("boundary_arc_st_max_order", arcOrders.Count > 0 ? arcOrders.Max(o => o[0]) : fineOrder));
        values.Add(("boundary_arc_st_min_order", arcOrders.Count > 0 ? arcOrders.Min(o => o[0]) : fineOrder));
        values.Add(("boundary_coarse_order", coarseOrder));
        values.Add(("boundary_arc_coarse_max_order", arcOrders.Count > 0 ? arcOrders.Max(o => o[1]) : coarseOrder));
        values.Add(("boundary_arc_coarse_min_order", arcOrders.Count > 0 ? arcOrders.Min(o => o[1]) : coarseOrder));
        values.Add(("boundary_arc_peak_x", peak?.Middle.X ?? -1));
        values.Add(("boundary_arc_peak_y", peak?.Middle.Y ?? -1));
        return (values, arcs);
    }

    /// <summary>Angle in degrees (0–90) between a fibre at <paramref name="fibreAngle"/> and the tangent of a boundary with outward normal (nx, ny).</summary>
    public static double RelativeAngle(double fibreAngle, double nx, double ny)
    {
        var along = Math.Abs((Math.Cos(fibreAngle) * nx) + (Math.Sin(fibreAngle) * ny));
        return Math.Asin(Math.Min(1, along)) * 180 / Math.PI;
    }
}
