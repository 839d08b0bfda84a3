using System.Runtime.InteropServices;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Imaging;

/// <summary>Float pixels to stored samples: rounded to nearest and clamped into the format's range; NaN becomes 0.</summary>
internal static class PixelConversion
{
    /// <summary>Writes <paramref name="pixels"/> as <paramref name="format"/> samples into <paramref name="destination"/>.</summary>
    /// <returns>How many values were clamped (or were NaN).</returns>
    public static long ToSamples(ReadOnlySpan<float> pixels, SampleFormat format, Span<byte> destination)
    {
        long clipped = 0;
        switch (format)
        {
            case SampleFormat.UInt8:
                for (var i = 0; i < pixels.Length; i++)
                {
                    destination[i] = (byte)Quantise(pixels[i], byte.MaxValue, ref clipped);
                }

                break;
            case SampleFormat.UInt16:
                var shorts = MemoryMarshal.Cast<byte, ushort>(destination);
                for (var i = 0; i < pixels.Length; i++)
                {
                    shorts[i] = (ushort)Quantise(pixels[i], ushort.MaxValue, ref clipped);
                }

                break;
            default:
                MemoryMarshal.AsBytes(pixels).CopyTo(destination);
                break;
        }

        return clipped;
    }

    public static int BytesPerSample(SampleFormat format) => format.BitDepth() / 8;

    private static int Quantise(float value, int max, ref long clipped)
    {
        if (float.IsNaN(value))
        {
            clipped++;
            return 0;
        }

        var rounded = MathF.Round(value);
        if (rounded < 0)
        {
            clipped++;
            return 0;
        }

        if (rounded > max)
        {
            clipped++;
            return max;
        }

        return (int)rounded;
    }
}
