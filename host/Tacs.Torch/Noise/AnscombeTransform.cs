namespace Tacs.Torch.Noise;

/// <summary>
/// Generalised Anscombe transform for Poisson–Gaussian noise (variance = gain·signal + readNoise²): makes the
/// noise roughly Gaussian with unit variance, so a Gaussian denoiser can be used; the inverse is the closed-form
/// approximation of the exact unbiased inverse (Mäkitalo &amp; Foi 2011/2013), not the algebraic one, which is biased
/// at low counts.
/// </summary>
/// <param name="Gain">Gain a (signal units per photo-electron), ≥ 0; 0 means pure Gaussian noise.</param>
/// <param name="ReadNoise">Standard deviation b of the additive Gaussian part.</param>
/// <param name="Offset">Dark level subtracted before the transform.</param>
public sealed record AnscombeTransform(double Gain, double ReadNoise, double Offset = 0)
{
    /// <summary>√(3/2), a coefficient of the closed-form unbiased inverse (shared with its tensor form in training).</summary>
    internal const double RootThreeHalves = 1.2247448713915890;

    /// <summary>Forward transform of one value.</summary>
    public float Forward(float value)
    {
        if (Gain <= 0)
        {
            return (float)((value - Offset) / Math.Max(ReadNoise, 1e-12));
        }

        var sigma = ReadNoise / Gain;
        var counts = (value - Offset) / Gain;
        var inner = counts + 0.375 + (sigma * sigma);
        return (float)(inner > 0 ? 2 * Math.Sqrt(inner) : 0);
    }

    /// <summary>Unbiased inverse of one denoised value.</summary>
    public float Inverse(float transformed)
    {
        if (Gain <= 0)
        {
            return (float)((transformed * Math.Max(ReadNoise, 1e-12)) + Offset);
        }

        var sigma = ReadNoise / Gain;
        double d = Math.Max(transformed, 0.8f);
        var counts = (0.25 * d * d) + (0.25 * RootThreeHalves / d) - (11.0 / 8 / (d * d)) + (5.0 / 8 * RootThreeHalves / (d * d * d)) - 0.125 - (sigma * sigma);
        return (float)((Gain * Math.Max(counts, 0)) + Offset);
    }

    /// <summary>Forward transform of a whole image.</summary>
    public float[] Forward(ReadOnlySpan<float> values)
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = Forward(values[i]);
        }

        return result;
    }

    /// <summary>Inverse transform of a whole image, in place.</summary>
    public void InverseInPlace(Span<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Inverse(values[i]);
        }
    }
}
