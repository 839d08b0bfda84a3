using System.Numerics;

namespace Tacs.Collagen.Synthesis;

/// <summary>
/// A stretch of a star-shaped tumour's boundary, as an interval of polar angle around the tumour's centroid:
/// where a focal TACS-3 image puts its perpendicular bundles.
/// </summary>
/// <param name="Centre">Centroid of the tumour polygon, px.</param>
/// <param name="Angle">Polar angle of the arc's middle, radians.</param>
/// <param name="HalfWidth">Half the arc's angular width, radians.</param>
internal sealed record BoundaryArc(Vector2 Centre, double Angle, double HalfWidth)
{
    /// <summary>Fraction of the full turn the arc covers.</summary>
    public double Coverage => HalfWidth / Math.PI;

    public static Vector2 Centroid(IReadOnlyList<Vector2> polygon)
    {
        var sum = Vector2.Zero;
        foreach (var p in polygon)
        {
            sum += p;
        }

        return sum / polygon.Count;
    }

    /// <summary>True when <paramref name="p"/> lies in the arc's angular sector.</summary>
    public bool Contains(Vector2 p)
    {
        var phi = Math.Atan2(p.Y - Centre.Y, p.X - Centre.X);
        var delta = Math.IEEERemainder(phi - Angle, 2 * Math.PI);
        return Math.Abs(delta) <= HalfWidth;
    }
}
