using System.Numerics;

namespace Tacs.Collagen.Features;

/// <summary>One fibre traced on the skeleton: a segment between end points or branch points.</summary>
/// <param name="Points">Skeleton pixels in path order.</param>
/// <param name="Length">Path length, px (measured over every third pixel, which removes most of the staircase excess).</param>
/// <param name="EndToEnd">Distance between its ends, px (0 for a closed loop).</param>
/// <param name="Angle">Direction of its principal axis in image coordinates (y down), radians in (−π/2, π/2].</param>
/// <param name="Width">Median chord across the fibre mask, px (NaN when too short to measure).</param>
public sealed record TracedFibre(IReadOnlyList<Vector2> Points, double Length, double EndToEnd, double Angle, double Width)
{
    /// <summary>End-to-end distance ÷ path length, 0–1.</summary>
    public double Straightness => Length > 0 ? Math.Clamp(EndToEnd / Length, 0, 1) : 0;

    /// <summary>The point half-way along the path.</summary>
    public Vector2 Middle => Points[Points.Count / 2];
}
