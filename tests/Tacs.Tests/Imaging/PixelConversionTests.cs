using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;

namespace Tacs.Tests.Imaging;

public sealed class PixelConversionTests
{
    [Theory]
    [InlineData(SampleFormat.UInt8)]
    [InlineData(SampleFormat.UInt16)]
    public void TheVectorPathAgreesWithTheScalarPath(SampleFormat format)
    {
        var random = new Random(4);
        var specials = new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0.5f, 0.5f, 1.5f, 2.5f, 254.5f, 255.5f, 65534.5f, 65535.5f, -1e9f, 1e9f };
        var pixels = Enumerable.Range(0, 1003).Select(i => i % 7 == 0 ? specials[i % specials.Length] : (float)((random.NextDouble() * 70000) - 1000)).ToArray();
        var bytes = pixels.Length * (format.BitDepth() / 8);
        var scalar = new byte[bytes];
        var vector = new byte[bytes];

        var clippedScalar = PixelConversion.ToSamples(pixels, format, scalar, vectorised: false);
        var clippedVector = PixelConversion.ToSamples(pixels, format, vector, vectorised: true);

        Assert.Equal(scalar, vector);
        Assert.Equal(clippedScalar, clippedVector);
        Assert.True(clippedScalar > 100);
    }
}
