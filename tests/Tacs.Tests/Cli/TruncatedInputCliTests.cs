using BitMiracle.LibTiff.Classic;
using Tacs.Tests.Support;

namespace Tacs.Tests.Cli;

/// <summary>A folder run meets a truncated LZW file: it fails naming page and row, and the others go on;
/// with --allow-truncated it is read with the missing rows as zeros and a warning.</summary>
public sealed class TruncatedInputCliTests
{
    [Fact]
    public void ATruncatedFileFailsNamingTheRowUnlessTruncatedFilesAreAllowed()
    {
        using var temp = new TempFolder();
        var input = temp.File("in");
        Directory.CreateDirectory(input);
        Write(Path.Combine(input, "a-whole.tif"), rowsStored: 400);
        Write(Path.Combine(input, "b-short.tif"), rowsStored: 40);

        var (code, _, error) = CliRunner.Run("denoise", input, "-o", temp.File("out"), "--method", "gaussian");

        Assert.Equal(2, code);
        Assert.Contains("b-short.tif: page 1 is truncated from row 40", error);
        Assert.True(File.Exists(temp.File("out/a-whole.tif")));
        Assert.False(File.Exists(temp.File("out/b-short.tif")));

        var (allowedCode, _, allowedError) = CliRunner.Run("denoise", input, "-o", temp.File("out"), "--method", "gaussian", "--overwrite", "--allow-truncated");

        Assert.True(allowedCode == 0, allowedError);
        Assert.Contains("page 1 is truncated from row 40", allowedError);
        Assert.Contains("WRN", allowedError);
        Assert.True(File.Exists(temp.File("out/b-short.tif")));
    }

    // 64×400 8-bit, one LZW strip that holds only the first rowsStored rows.
    private static void Write(string path, int rowsStored)
    {
        var rows = new byte[rowsStored * 64];
        new Random(5).NextBytes(rows);
        using var tiff = Tiff.Open(path, "w");
        tiff.SetField(TiffTag.IMAGEWIDTH, 64);
        tiff.SetField(TiffTag.IMAGELENGTH, 400);
        tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
        tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
        tiff.SetField(TiffTag.COMPRESSION, Compression.LZW);
        tiff.SetField(TiffTag.ROWSPERSTRIP, 400);
        tiff.WriteEncodedStrip(0, rows, rows.Length);
        tiff.WriteDirectory();
    }
}
