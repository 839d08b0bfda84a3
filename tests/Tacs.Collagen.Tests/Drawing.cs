using System.Numerics;

namespace Tacs.Collagen.Tests;

/// <summary>Constructed images with known geometry: bright lines of Gaussian cross-section on a dark background.</summary>
internal static class Drawing
{
    public static float[] Blank(int size) => new float[size * size];

    /// <summary>Adds a line segment of the given full width at half maximum.</summary>
    public static void Line(float[] image, int size, Vector2 a, Vector2 b, float width = 3f)
    {
        var sigma = width / 2.3548f;
        var reach = (int)MathF.Ceiling(3 * sigma) + 1;
        var (x0, x1) = ((int)MathF.Max(0, MathF.Min(a.X, b.X) - reach), (int)MathF.Min(size - 1, MathF.Max(a.X, b.X) + reach));
        var (y0, y1) = ((int)MathF.Max(0, MathF.Min(a.Y, b.Y) - reach), (int)MathF.Min(size - 1, MathF.Max(a.Y, b.Y) + reach));
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                var d = Distance(new Vector2(x, y), a, b);
                var v = MathF.Exp(-(d * d) / (2 * sigma * sigma));
                image[(y * size) + x] = MathF.Max(image[(y * size) + x], v);
            }
        }
    }

    /// <summary>Adds a circular arc from angle <paramref name="from"/> to <paramref name="to"/> (radians).</summary>
    public static void Arc(float[] image, int size, Vector2 centre, float radius, double from, double to, float width = 3f)
    {
        var steps = (int)Math.Ceiling(Math.Abs(to - from) * radius);
        for (var i = 0; i < steps; i++)
        {
            var t0 = from + ((to - from) * i / steps);
            var t1 = from + ((to - from) * (i + 1) / steps);
            Line(image, size, centre + (radius * Unit(t0)), centre + (radius * Unit(t1)), width);
        }
    }

    private static Vector2 Unit(double angle) => new((float)Math.Cos(angle), (float)Math.Sin(angle));

    private static float Distance(Vector2 p, Vector2 a, Vector2 b)
    {
        var ab = b - a;
        var t = ab.LengthSquared() > 0 ? Math.Clamp(Vector2.Dot(p - a, ab) / ab.LengthSquared(), 0, 1) : 0;
        return Vector2.Distance(p, a + (t * ab));
    }
}
