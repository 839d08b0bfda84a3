namespace Tacs.Sdk.Frames;

/// <summary>Storage format of the pixels an image came from (frames always hold float32).</summary>
public enum SampleFormat
{
    /// <summary>8-bit unsigned integers, 0–255.</summary>
    UInt8,

    /// <summary>16-bit unsigned integers, 0–65535.</summary>
    UInt16,

    /// <summary>32-bit IEEE floating point.</summary>
    Float32,
}

/// <summary>Facts about <see cref="SampleFormat"/> values.</summary>
public static class SampleFormatExtensions
{
    /// <summary>Bits per sample: 8, 16 or 32.</summary>
    /// <param name="format">The format.</param>
    public static int BitDepth(this SampleFormat format) => format switch
    {
        SampleFormat.UInt8 => 8,
        SampleFormat.UInt16 => 16,
        _ => 32,
    };

    /// <summary>The range of values the format can hold; for float32 the range is unbounded.</summary>
    /// <param name="format">The format.</param>
    public static ValueRange NativeRange(this SampleFormat format) => format switch
    {
        SampleFormat.UInt8 => new ValueRange(0, byte.MaxValue),
        SampleFormat.UInt16 => new ValueRange(0, ushort.MaxValue),
        _ => new ValueRange(float.MinValue, float.MaxValue),
    };
}
