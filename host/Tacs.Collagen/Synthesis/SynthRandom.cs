namespace Tacs.Collagen.Synthesis;

/// <summary>Draws from the distributions the generator needs.</summary>
internal static class SynthRandom
{
    public static double Uniform(this Random random, double low, double high) => low + ((high - low) * random.NextDouble());

    /// <summary>A standard normal sample (Box–Muller).</summary>
    public static double Normal(this Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A Poisson sample: exact (Knuth) for small means, normal approximation above 40 photons,
    /// where the two differ by far less than the read noise.</summary>
    public static double Poisson(this Random random, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 40)
        {
            return Math.Max(0, Math.Round(mean + (Math.Sqrt(mean) * random.Normal())));
        }

        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }

    /// <summary>A seed for item <paramref name="index"/> of a set drawn with <paramref name="seed"/>, so every image
    /// can be regenerated alone.</summary>
    public static int Derive(int seed, int index)
    {
        unchecked
        {
            var h = ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)index * 0xC2B2AE3D27D4EB4FUL);
            h ^= h >> 29;
            h *= 0xBF58476D1CE4E5B9UL;
            h ^= h >> 32;
            return (int)(h & 0x7FFFFFFF);
        }
    }
}
