namespace Tacs.Host.Synthetic;

/// <summary>
/// Poisson–Gaussian camera noise: y = gain·Poisson(x/gain) + N(0, readNoise²) + offset, so the variance is
/// gain·x + readNoise². Seeded, so the same seed gives the same noise.
/// </summary>
/// <param name="Gain">Grey levels per photo-electron (a); 0 turns the Poisson part off.</param>
/// <param name="ReadNoise">Standard deviation of the Gaussian part (b), in grey levels.</param>
/// <param name="Offset">Camera baseline added to every pixel, in grey levels.</param>
public sealed record NoiseModel(double Gain, double ReadNoise, double Offset = 0)
{
    /// <summary>Adds noise to <paramref name="clean"/> into <paramref name="noisy"/>.</summary>
    /// <param name="clean">Expected signal, grey levels ≥ 0.</param>
    /// <param name="noisy">Output, same length.</param>
    /// <param name="random">Source of randomness.</param>
    public void Apply(ReadOnlySpan<float> clean, Span<float> noisy, Random random)
    {
        for (var i = 0; i < clean.Length; i++)
        {
            var signal = Math.Max(0, clean[i]);
            var shot = Gain > 0 ? Gain * Poisson(signal / Gain, random) : signal;
            noisy[i] = (float)(shot + (ReadNoise * Gaussian(random)) + Offset);
        }
    }

    /// <summary>A standard normal sample (Box–Muller).</summary>
    public static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A Poisson sample: exact (Knuth) for small means, normal approximation above 64.</summary>
    public static double Poisson(double mean, Random random)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 64)
        {
            return Math.Max(0, Math.Round(mean + (Math.Sqrt(mean) * Gaussian(random))));
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
}
