using Tacs.Sdk.Frames;

namespace Tacs.Torch.Inference;

/// <summary>
/// Maps image values to the 0–1 scale the network is trained on: 8-bit images by their full range (as the
/// literature does for σ on the 0–255 scale), everything else by its 0.1 and 99.9 percentiles, so one bright
/// pixel does not squash the rest. Training and inference use the same rule.
/// </summary>
/// <param name="Low">Value mapped to 0.</param>
/// <param name="High">Value mapped to 1.</param>
public readonly record struct IntensityScale(double Low, double High)
{
    /// <summary>Width of the range.</summary>
    public double Span => High - Low;

    /// <summary>The scale of an image of the given source format.</summary>
    public static IntensityScale Of(ReadOnlySpan<float> pixels, SampleFormat format)
    {
        if (format == SampleFormat.UInt8)
        {
            return new IntensityScale(0, 255);
        }

        // Percentiles from a regular subsample: exact enough and cheap for 2048² frames.
        var step = Math.Max(1, pixels.Length / 65536);
        var sample = new float[(pixels.Length + step - 1) / step];
        for (int i = 0, j = 0; i < pixels.Length; i += step, j++)
        {
            sample[j] = pixels[i];
        }

        Array.Sort(sample);
        double low = sample[(int)(0.001 * (sample.Length - 1))];
        double high = sample[(int)(0.999 * (sample.Length - 1))];
        if (!(high > low))
        {
            high = low + 1;
        }

        return new IntensityScale(low, high);
    }

    /// <summary>Image values to the 0–1 scale.</summary>
    public float[] Normalise(ReadOnlySpan<float> pixels)
    {
        var result = new float[pixels.Length];
        var low = (float)Low;
        var inverse = (float)(1 / Span);
        for (var i = 0; i < pixels.Length; i++)
        {
            result[i] = (pixels[i] - low) * inverse;
        }

        return result;
    }

    /// <summary>0–1 scale back to image values, in place.</summary>
    public void Restore(Span<float> values)
    {
        var low = (float)Low;
        var span = (float)Span;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] * span) + low;
        }
    }
}
