namespace Tacs.Collagen.Synthesis;

/// <summary>
/// Draws fibres into a signal image by laying Gaussian spots along the centre line every half pixel; their
/// sum is a tube whose cross-section is a Gaussian of the fibre's width and whose peak is its brightness.
/// Overlapping fibres add up, as light does.
/// </summary>
internal static class FibreRenderer
{
    private const float Spacing = 0.5f;

    public static void Draw(float[] canvas, int width, int height, FibrePath fibre)
    {
        var sigma = fibre.Width / 2.3548;
        var radius = (int)Math.Ceiling(3 * sigma);
        var amplitude = (float)(fibre.Brightness * Spacing / (Math.Sqrt(2 * Math.PI) * sigma));
        var inverse = (float)(1 / (2 * sigma * sigma));
        var points = fibre.Points;
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var a = points[i];
            var step = points[i + 1] - a;
            var count = Math.Max(1, (int)Math.Round(step.Length() / Spacing));
            for (var k = 0; k < count; k++)
            {
                var c = a + (step * (k / (float)count));
                Splat(canvas, width, height, c.X, c.Y, radius, amplitude, inverse);
            }
        }
    }

    private static void Splat(float[] canvas, int width, int height, float cx, float cy, int radius, float amplitude, float inverse)
    {
        var x0 = Math.Max(0, (int)cx - radius);
        var x1 = Math.Min(width - 1, (int)cx + radius + 1);
        var y0 = Math.Max(0, (int)cy - radius);
        var y1 = Math.Min(height - 1, (int)cy + radius + 1);
        for (var y = y0; y <= y1; y++)
        {
            var dy = y - cy;
            var row = y * width;
            for (var x = x0; x <= x1; x++)
            {
                var dx = x - cx;
                canvas[row + x] += amplitude * MathF.Exp(-((dx * dx) + (dy * dy)) * inverse);
            }
        }
    }
}
