using Tacs.Sdk.Frames;

namespace Tacs.Tests.Support;

/// <summary>Frames with known contents.</summary>
internal static class Frames
{
    public static ImageFrame Constant(int width, int height, float value, SampleFormat format = SampleFormat.UInt16)
    {
        var frame = new ImageFrame(width, height, sourceFormat: format);
        Array.Fill(frame.Pixels, value);
        return frame;
    }

    public static ImageFrame Random(int width, int height, SampleFormat format, int seed)
    {
        var random = new Random(seed);
        var frame = new ImageFrame(width, height, sourceFormat: format);
        for (var i = 0; i < frame.Pixels.Length; i++)
        {
            frame.Pixels[i] = format switch
            {
                SampleFormat.UInt8 => random.Next(256),
                SampleFormat.UInt16 => random.Next(65536),
                _ => (float)((random.NextDouble() * 2000) - 1000),
            };
        }

        if (format == SampleFormat.Float32)
        {
            frame.SourceRange = new ValueRange(frame.Pixels.Min(), frame.Pixels.Max());
        }

        return frame;
    }
}
