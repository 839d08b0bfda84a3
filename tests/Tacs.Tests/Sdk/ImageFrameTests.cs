using Tacs.Sdk;
using Tacs.Sdk.Frames;

namespace Tacs.Tests.Sdk;

public sealed class ImageFrameTests
{
    [Fact]
    public void SizesAndBuffersAreChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageFrame(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageFrame(5, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageFrame(100000, 100000));
        Assert.Throws<ArgumentException>(() => new ImageFrame(4, 4, new float[15]));
    }

    [Fact]
    public void WithPixelsKeepsDescriptionButNotTheBuffer()
    {
        var frame = new ImageFrame(3, 2, [1, 2, 3, 4, 5, 6], SampleFormat.UInt16);
        frame.Metadata.FrameIndex = 7;
        frame.Metadata.Values["objective"] = "63x";
        frame.AddProvenance(new ProvenanceEntry("a.b", "1.0.0", new Dictionary<string, string>(), new Dictionary<string, string>(), DateTimeOffset.UnixEpoch));

        var copy = frame.WithPixels();
        copy.Metadata.Values["objective"] = "10x";

        Assert.NotSame(frame.Pixels, copy.Pixels);
        Assert.Equal(7, copy.Metadata.FrameIndex);
        Assert.Equal("63x", frame.Metadata.Values["objective"]);
        Assert.Single(copy.Provenance);
        Assert.Equal(16, copy.SourceBitDepth);
        Assert.Equal(new ValueRange(0, 65535), copy.SourceRange);
        Assert.Equal([4f, 5f, 6f], frame.Row(1).ToArray());
    }

    [Fact]
    public void SdkVersionCompatibilityFollowsSemanticVersioning()
    {
        Assert.True(SdkInfo.CanLoad(new Version(1, 0, 0)));
        Assert.False(SdkInfo.CanLoad(new Version(1, SdkInfo.Version.Minor + 1, 0)));
        Assert.False(SdkInfo.CanLoad(new Version(2, 0, 0)));
        Assert.False(SdkInfo.CanLoad(new Version(0, 9, 0)));
    }
}
