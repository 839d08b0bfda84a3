using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Imaging;

/// <summary>
/// Float pixels to stored samples: rounded to nearest (ties to even) and clamped into the format's range;
/// NaN becomes 0. Vectorised with <see cref="Vector256"/> (the save path of a live run converts 4 Mpx per
/// frame); the scalar path handles the tail and is the reference the vector path is tested against.
/// </summary>
internal static class PixelConversion
{
    /// <summary>Writes <paramref name="pixels"/> as <paramref name="format"/> samples into <paramref name="destination"/>.</summary>
    /// <returns>How many values were clamped (or were NaN).</returns>
    public static long ToSamples(ReadOnlySpan<float> pixels, SampleFormat format, Span<byte> destination) =>
        ToSamples(pixels, format, destination, Vector256.IsHardwareAccelerated);

    internal static long ToSamples(ReadOnlySpan<float> pixels, SampleFormat format, Span<byte> destination, bool vectorised)
    {
        switch (format)
        {
            case SampleFormat.UInt8:
                return Convert(pixels, destination, byte.MaxValue, vectorised);
            case SampleFormat.UInt16:
                return ToUInt16(pixels, MemoryMarshal.Cast<byte, ushort>(destination), vectorised);
            default:
                MemoryMarshal.AsBytes(pixels).CopyTo(destination);
                return 0;
        }
    }

    public static int BytesPerSample(SampleFormat format) => format.BitDepth() / 8;

    // 16 pixels per step: two float vectors rounded, clamped, converted and narrowed into one vector of ushort.
    private static long ToUInt16(ReadOnlySpan<float> pixels, Span<ushort> destination, bool vectorised)
    {
        long clipped = 0;
        var i = 0;
        if (vectorised && Vector256.IsHardwareAccelerated)
        {
            var top = Vector256.Create((float)ushort.MaxValue);
            var step = 2 * Vector256<float>.Count;
            for (; i <= pixels.Length - step; i += step)
            {
                var low = Quantise(Vector256.Create(pixels.Slice(i, Vector256<float>.Count)), top, ref clipped);
                var high = Quantise(Vector256.Create(pixels.Slice(i + Vector256<float>.Count, Vector256<float>.Count)), top, ref clipped);
                Vector256.Narrow(low, high).CopyTo(destination.Slice(i, step));
            }
        }

        for (; i < pixels.Length; i++)
        {
            destination[i] = (ushort)Quantise(pixels[i], ushort.MaxValue, ref clipped);
        }

        return clipped;
    }

    private static Vector256<uint> Quantise(Vector256<float> value, Vector256<float> top, ref long clipped)
    {
        var rounded = Vector256.Round(value);
        var valid = Vector256.Equals(value, value);
        var outside = ~valid | Vector256.LessThan(rounded, Vector256<float>.Zero) | Vector256.GreaterThan(rounded, top);
        clipped += BitOperations.PopCount(outside.ExtractMostSignificantBits());
        var clamped = Vector256.ConditionalSelect(valid, Vector256.Min(Vector256.Max(rounded, Vector256<float>.Zero), top), Vector256<float>.Zero);
        return Vector256.ConvertToUInt32(clamped);
    }

    private static long Convert<T>(ReadOnlySpan<float> pixels, Span<T> destination, int max, bool vectorised)
        where T : unmanaged, IBinaryInteger<T>
    {
        long clipped = 0;
        var i = 0;
        if (vectorised && Vector256.IsHardwareAccelerated)
        {
            var zero = Vector256<float>.Zero;
            var top = Vector256.Create((float)max);
            Span<int> lanes = stackalloc int[Vector256<int>.Count];
            for (; i <= pixels.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var value = Vector256.Create(pixels.Slice(i, Vector256<float>.Count));
                var rounded = Vector256.Round(value);
                var valid = Vector256.Equals(value, value);
                var outside = ~valid | Vector256.LessThan(rounded, zero) | Vector256.GreaterThan(rounded, top);
                clipped += BitOperations.PopCount(outside.ExtractMostSignificantBits());
                var clamped = Vector256.ConditionalSelect(valid, Vector256.Min(Vector256.Max(rounded, zero), top), zero);
                Vector256.ConvertToInt32(clamped).CopyTo(lanes);
                for (var k = 0; k < lanes.Length; k++)
                {
                    destination[i + k] = T.CreateTruncating(lanes[k]);
                }
            }
        }

        for (; i < pixels.Length; i++)
        {
            destination[i] = T.CreateTruncating(Quantise(pixels[i], max, ref clipped));
        }

        return clipped;
    }

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
