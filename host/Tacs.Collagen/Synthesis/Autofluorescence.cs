namespace Tacs.Collagen.Synthesis;

/// <summary>
/// Autofluorescent cells and debris as real SHG/fluorescence images of tissue show them: round blurred blobs
/// (σ 2–5 px) scattered over stroma and, twice as densely, over the tumour. They are not fibres, but a ridge
/// filter responds to their edges, so a model must learn to ignore them.
/// </summary>
internal static class Autofluorescence
{
    public static void Add(float[] signal, int size, byte[] tumourMask, double level, Random random)
    {
        if (level <= 0)
        {
            return;
        }

        var count = (int)(size * size / 900.0 * random.Uniform(0.3, 1.0));
        for (var n = 0; n < count; n++)
        {
            var x = random.Uniform(0, size);
            var y = random.Uniform(0, size);
            var inside = tumourMask[((int)y * size) + (int)x] != 0;
            if (!inside && random.NextDouble() < 0.5)
            {
                continue; // half as dense in the stroma
            }

            var sigma = random.Uniform(2, 5);
            var amplitude = (float)(level * random.Uniform(0.3, 1.0));
            var reach = (int)Math.Ceiling(3 * sigma);
            var inverse = 1 / (2 * sigma * sigma);
            for (var yy = Math.Max(0, (int)y - reach); yy <= Math.Min(size - 1, (int)y + reach); yy++)
            {
                for (var xx = Math.Max(0, (int)x - reach); xx <= Math.Min(size - 1, (int)x + reach); xx++)
                {
                    var d2 = ((xx - x) * (xx - x)) + ((yy - y) * (yy - y));
                    signal[(yy * size) + xx] += amplitude * (float)Math.Exp(-d2 * inverse);
                }
            }
        }
    }
}
