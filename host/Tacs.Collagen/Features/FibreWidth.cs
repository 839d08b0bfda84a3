using System.Numerics;

namespace Tacs.Collagen.Features;

/// <summary>Fibre width by casting rays across the fibre through the mask from skeleton pixels (as quanfima
/// does): the chord is the distance between the last mask samples on either side.</summary>
internal static class FibreWidth
{
    private const float Step = 0.5f;
    private const float MaxReach = 25f;

    /// <summary>Median chord over every third pixel of the path, skipping two pixels at each end; NaN for paths too short.</summary>
    public static double Median(List<Vector2> path, byte[] mask, int width, int height)
    {
        var chords = new List<double>();
        for (var i = 2; i + 2 < path.Count; i += 3)
        {
            var tangent = path[i + 2] - path[i - 2];
            if (tangent == Vector2.Zero)
            {
                continue;
            }

            tangent = Vector2.Normalize(tangent);
            var normal = new Vector2(-tangent.Y, tangent.X);
            var centre = path[i] + new Vector2(0.5f, 0.5f);
            chords.Add(Reach(centre, normal, mask, width, height) + Reach(centre, -normal, mask, width, height));
        }

        if (chords.Count == 0)
        {
            return double.NaN;
        }

        chords.Sort();
        return chords[chords.Count / 2];
    }

    private static float Reach(Vector2 centre, Vector2 direction, byte[] mask, int width, int height)
    {
        for (var d = Step; d <= MaxReach; d += Step)
        {
            var p = centre + (direction * d);
            var (x, y) = ((int)MathF.Floor(p.X), (int)MathF.Floor(p.Y));
            if (x < 0 || y < 0 || x >= width || y >= height || mask[(y * width) + x] == 0)
            {
                return d - (Step / 2);
            }
        }

        return MaxReach;
    }
}
