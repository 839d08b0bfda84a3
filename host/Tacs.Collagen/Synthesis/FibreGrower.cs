using System.Numerics;
using Tacs.Collagen.Boundaries;

namespace Tacs.Collagen.Synthesis;

/// <summary>
/// Grows fibre centre lines one pixel at a time. Wavy fibres are worm-like chains (the direction diffuses
/// with variance step/persistence per step); TACS-2 fibres follow the boundary's tangent; TACS-3 fibres run
/// straight along its outward normal. Fibres stop at the image edge and never enter the tumour.
/// </summary>
internal sealed class FibreGrower(TumourBoundary boundary, Random random)
{
    private const float Step = 1f;

    public List<Vector2> Wavy(Vector2 start, double angle, double length, double persistence)
    {
        var points = new List<Vector2> { start };
        var p = start;
        var sigma = Math.Sqrt(Step / persistence);
        for (var s = 0.0; s < length; s += Step)
        {
            angle += sigma * random.Normal();
            p += Step * new Vector2((float)Math.Cos(angle), (float)Math.Sin(angle));
            if (!Allowed(p))
            {
                break;
            }

            points.Add(p);
        }

        return points;
    }

    /// <summary>A taut fibre wrapped around the tumour: it keeps to the tangent of the nearest boundary stretch,
    /// with a small, mean-reverting deviation so it is not a perfect level line.</summary>
    public List<Vector2> AlongBoundary(Vector2 start, double length)
    {
        var points = new List<Vector2> { start };
        var p = start;
        var previous = Vector2.Zero;
        var deviation = 0.0;
        for (var s = 0.0; s < length; s += Step)
        {
            var normal = boundary.NormalAt((int)p.X, (int)p.Y);
            var tangent = new Vector2(-normal.Y, normal.X);
            if (tangent == Vector2.Zero)
            {
                break;
            }

            if (previous != Vector2.Zero && Vector2.Dot(tangent, previous) < 0)
            {
                tangent = -tangent;
            }

            deviation = (0.92 * deviation) + (0.015 * random.Normal());
            var direction = Rotate(tangent, deviation);
            p += Step * direction;
            previous = direction;
            if (!Allowed(p))
            {
                break;
            }

            points.Add(p);
        }

        return points;
    }

    /// <summary>A straight fibre leaving the boundary along its outward normal, tilted by <paramref name="tilt"/> radians.</summary>
    public List<Vector2> Radial(Vector2 start, double length, double tilt)
    {
        var normal = boundary.NormalAt((int)start.X, (int)start.Y);
        if (normal == Vector2.Zero)
        {
            return [start];
        }

        var direction = Rotate(normal, tilt);
        return Wavy(start, Math.Atan2(direction.Y, direction.X), length, persistence: 4000);
    }

    private bool Allowed(Vector2 p) =>
        p.X >= 0 && p.Y >= 0 && p.X < boundary.Width - 1 && p.Y < boundary.Height - 1 && !boundary.IsInside((int)p.X, (int)p.Y);

    private static Vector2 Rotate(Vector2 v, double angle)
    {
        var (sin, cos) = Math.SinCos(angle);
        return new Vector2((float)((v.X * cos) - (v.Y * sin)), (float)((v.X * sin) + (v.Y * cos)));
    }
}
