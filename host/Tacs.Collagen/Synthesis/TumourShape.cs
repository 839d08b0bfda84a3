using System.Numerics;

namespace Tacs.Collagen.Synthesis;

/// <summary>A random star-shaped tumour outline: a circle perturbed by low harmonics of random phase.</summary>
internal static class TumourShape
{
    public static IReadOnlyList<Vector2> Draw(Random random, int size, double radius, double roughness)
    {
        const int vertices = 256;
        var centre = new Vector2((float)random.Uniform(0.38 * size, 0.62 * size), (float)random.Uniform(0.38 * size, 0.62 * size));
        var harmonics = Enumerable.Range(2, 5)
            .Select(k => (K: k, Amplitude: roughness * random.Uniform(-1, 1) / Math.Sqrt(k - 1), Phase: random.Uniform(0, 2 * Math.PI)))
            .ToArray();
        var polygon = new Vector2[vertices];
        for (var i = 0; i < vertices; i++)
        {
            var phi = 2 * Math.PI * i / vertices;
            var r = 1.0 + harmonics.Sum(h => h.Amplitude * Math.Cos((h.K * phi) + h.Phase));
            r = radius * Math.Max(0.4, r);
            polygon[i] = centre + new Vector2((float)(r * Math.Cos(phi)), (float)(r * Math.Sin(phi)));
        }

        return polygon;
    }
}
