using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;
using Tacs.Tests.Support;

namespace Tacs.Tests.Imaging;

/// <summary>Real files from ../shared/data, read as users have them.</summary>
public sealed class RealDataTests
{
    [Fact]
    public void ReadsTheBigEndianEightBitShgImage()
    {
        using var image = ImageFiles.Open(Repo.SharedData("shg/1B-a1.tif"));
        var frame = image.ReadPage(0);

        Assert.Equal((512, 384, SampleFormat.UInt8), (frame.Width, frame.Height, frame.SourceFormat));
        Assert.InRange(frame.Pixels.Max(), 100, 255);
        Assert.True(frame.Pixels.Distinct().Count() > 50);
    }

    [Fact]
    public void ReadsTheSixteenBitConfocalImageWithItsDocumentedRange()
    {
        using var image = ImageFiles.Open(Repo.SharedData("hagen/hagen_0.tif"));
        var frame = image.ReadPage(0);

        Assert.Equal((1024, 1024, SampleFormat.UInt16), (frame.Width, frame.Height, frame.SourceFormat));
        Assert.Equal(659, frame.Pixels.Min());
        Assert.Equal(19127, frame.Pixels.Max());
    }

    [Fact]
    public void ReadsAnEightBitPngThroughOpenCv()
    {
        using var image = ImageFiles.Open(Repo.SharedData("set12/01.png"));
        var frame = image.ReadPage(0);

        Assert.Equal((256, 256, SampleFormat.UInt8), (frame.Width, frame.Height, frame.SourceFormat));
        Assert.All(frame.Pixels, p => Assert.Equal(MathF.Round(p), p));
    }

    [Fact]
    public void ARealImageRoundTripsThroughTiffUnchanged()
    {
        using var temp = new TempFolder();
        using var image = ImageFiles.Open(Repo.SharedData("hagen/hagen_0.tif"));
        var frame = image.ReadPage(0);
        using (var writer = new TiffStackWriter(temp.File("h.tif"), 1, new TiffWriteOptions { Compression = TiffCompression.Deflate }))
        {
            writer.Write(frame);
            writer.Complete();
        }

        using var again = ImageFiles.Open(temp.File("h.tif"));
        Assert.Equal(frame.Pixels, again.ReadPage(0).Pixels);
    }
}
