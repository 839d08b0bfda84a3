using BitMiracle.LibTiff.Classic;
using Tacs.Host.Imaging;
using Tacs.Tests.Support;

namespace Tacs.Tests.Imaging;

/// <summary>
/// Big-endian files written by another program (ImageMagick 6.9, see Fixtures/README.md), so that reading
/// is not only checked against our own writer.
/// </summary>
public sealed class ForeignTiffTests
{
    [Theory]
    [InlineData("be-lzw-predictor-16.tif", Compression.LZW, false)]
    [InlineData("be-deflate-tiled-16.tif", Compression.ADOBE_DEFLATE, true)]
    [InlineData("be-packbits-16.tif", Compression.PACKBITS, false)]
    public void BigEndianFilesFromImageMagickReadTheSameAsTheSource(string name, Compression compression, bool tiled)
    {
        var path = Fixture(name);
        using (var tiff = Tiff.Open(path, "r"))
        {
            Assert.True(tiff.IsBigEndian());
            Assert.Equal(compression, (Compression)tiff.GetField(TiffTag.COMPRESSION)[0].ToInt());
            Assert.Equal(tiled, tiff.IsTiled());
        }

        using var source = ImageFiles.Open(Fixture("le-none-16.tif"));
        using var image = ImageFiles.Open(path);

        Assert.Equal(source.ReadPage(0).Pixels, image.ReadPage(0).Pixels);
    }

    [Theory]
    [InlineData(Tacs.Sdk.Frames.SampleFormat.UInt8, TiffCompression.Lzw, false)]
    [InlineData(Tacs.Sdk.Frames.SampleFormat.UInt16, TiffCompression.Deflate, false)]
    [InlineData(Tacs.Sdk.Frames.SampleFormat.UInt16, TiffCompression.Lzw, true)]
    [InlineData(Tacs.Sdk.Frames.SampleFormat.Float32, TiffCompression.Lzw, false)]
    [InlineData(Tacs.Sdk.Frames.SampleFormat.Float32, TiffCompression.None, true)]
    public void FilesWeWriteReadTheSameInLibtiffThroughOpenCv(Tacs.Sdk.Frames.SampleFormat format, TiffCompression compression, bool bigEndian)
    {
        using var temp = new TempFolder();
        var frame = Frames.Random(37, 23, format, 3);
        using (var writer = new TiffStackWriter(temp.File("w.tif"), 1, new TiffWriteOptions { Compression = compression, BigEndian = bigEndian }))
        {
            writer.Write(frame);
            writer.Complete();
        }

        using var image = OpenCvSharp.Cv2.ImRead(temp.File("w.tif"), OpenCvSharp.ImreadModes.Unchanged);
        using var floats = new OpenCvSharp.Mat();
        image.ConvertTo(floats, OpenCvSharp.MatType.CV_32FC1);
        floats.GetArray(out float[] pixels);
        Assert.Equal(frame.Pixels, pixels);
    }

    private static string Fixture(string name) => Path.Combine(Repo.Root, "tests", "Tacs.Tests", "Fixtures", name);
}
