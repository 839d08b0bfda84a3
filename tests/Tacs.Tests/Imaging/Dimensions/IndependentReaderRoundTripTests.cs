using System.Text.Json;
using Tacs.Host.Imaging;
using Tacs.Host.Imaging.Dimensions;
using Tacs.Tests.Support;

namespace Tacs.Tests.Imaging.Dimensions;

/// <summary>
/// Microscope files through <c>tacs denoise</c>, written and read back by tifffile (an independent reader): an
/// ImageJ hyperstack and an OME-TIFF keep their channels, slices, time points, order, physical sizes and channel
/// names, and every plane stays where it was.
/// </summary>
public sealed class IndependentReaderRoundTripTests
{
    [Fact]
    public void AnImageJHyperstackStaysAHyperstackWithItsSizesAndPixelSize()
    {
        using var temp = new TempFolder();
        Tifffile.Write("imagej", temp.File("in.tif"), "TZCYX");

        var output = Denoise(temp.File("in.tif"), temp.File("out.tif"));

        Assert.True(output.GetProperty("imagej").GetBoolean(), "tifffile does not see an ImageJ file");
        Assert.Equal("TZCYX", output.GetProperty("axes").GetString());
        Assert.Equal([2, 3, 2, 16, 20], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        var ij = output.GetProperty("ij");
        Assert.Equal((2, 3, 2), (ij.GetProperty("channels").GetInt32(), ij.GetProperty("slices").GetInt32(), ij.GetProperty("frames").GetInt32()));
        Assert.Equal(0.5, ij.GetProperty("spacing").GetDouble(), 9);
        Assert.Equal(5.0, output.GetProperty("xres").GetDouble(), 6);
        AssertPlanesInPlace(output);
    }

    [Fact]
    public void AnOmeTiffKeepsItsDimensionOrderSizesPhysicalSizesAndChannelNames()
    {
        using var temp = new TempFolder();
        // TCZYX: z varies fastest (DimensionOrder XYZCT), not ImageJ's order.
        Tifffile.Write("ome", temp.File("in.ome.tif"), "TCZYX");
        Assert.Equal("XYZCT", Tifffile.Describe(temp.File("in.ome.tif")).GetProperty("pixels").GetProperty("DimensionOrder").GetString());

        var output = Denoise(temp.File("in.ome.tif"), temp.File("out.ome.tif"));

        Assert.True(output.GetProperty("ome").GetBoolean(), "tifffile does not see an OME-TIFF file");
        var pixels = output.GetProperty("pixels");
        Assert.Equal("XYZCT", pixels.GetProperty("DimensionOrder").GetString());
        Assert.Equal(("2", "3", "2"), (pixels.GetProperty("SizeC").GetString(), pixels.GetProperty("SizeZ").GetString(), pixels.GetProperty("SizeT").GetString()));
        Assert.Equal(("0.2", "0.2", "0.5"), (pixels.GetProperty("PhysicalSizeX").GetString(), pixels.GetProperty("PhysicalSizeY").GetString(), pixels.GetProperty("PhysicalSizeZ").GetString()));
        Assert.Equal("µm", pixels.GetProperty("PhysicalSizeXUnit").GetString());
        Assert.Equal(["DAPI", "GFP"], output.GetProperty("channels").EnumerateArray().Select(e => e.GetString()));
        AssertPlanesInPlace(output);
    }

    [Fact]
    public void AnOmeTiffAskedToBeImageJIsReorderedIntoImageJsChannelZTimeOrder()
    {
        using var temp = new TempFolder();
        Tifffile.Write("ome", temp.File("in.ome.tif"), "TCZYX");

        var output = Denoise(temp.File("in.ome.tif"), temp.File("out.tif"), "--format", "imagej");

        Assert.True(output.GetProperty("imagej").GetBoolean());
        Assert.False(output.GetProperty("ome").GetBoolean());
        Assert.Equal("TZCYX", output.GetProperty("axes").GetString());
        Assert.Equal(0.5, output.GetProperty("ij").GetProperty("spacing").GetDouble(), 9);
        Assert.Equal(5.0, output.GetProperty("xres").GetDouble(), 6);
        AssertPlanesInPlace(output);
    }

    [Fact]
    public void AHyperstackAskedToBeOmeTiffGetsOmeXmlWithItsSizes()
    {
        using var temp = new TempFolder();
        Tifffile.Write("imagej", temp.File("in.tif"), "TZCYX");

        var output = Denoise(temp.File("in.tif"), temp.File("out.tif"), "--format", "ome-tiff");

        Assert.True(output.GetProperty("ome").GetBoolean());
        var pixels = output.GetProperty("pixels");
        Assert.Equal(("XYCZT", "2", "3", "2"), (pixels.GetProperty("DimensionOrder").GetString(), pixels.GetProperty("SizeC").GetString(), pixels.GetProperty("SizeZ").GetString(), pixels.GetProperty("SizeT").GetString()));
        Assert.Equal(0.2, double.Parse(pixels.GetProperty("PhysicalSizeX").GetString()!, System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(0.5, double.Parse(pixels.GetProperty("PhysicalSizeZ").GetString()!, System.Globalization.CultureInfo.InvariantCulture), 9);
        AssertPlanesInPlace(output);
    }

    [Fact]
    public void ABigTiffOmeStackIsReadByTifffileWithItsLayout()
    {
        using var temp = new TempFolder();
        var path = temp.File("big.ome.tif");
        var layout = new StackLayout { Container = StackContainer.Ome, Channels = 2, Slices = 3, TimePoints = 2, DimensionOrder = "XYCZT", PixelWidthMicrons = 0.2, PixelHeightMicrons = 0.2, SliceSpacingMicrons = 0.5, ChannelNames = ["DAPI", "GFP"] };
        // BigTiffAbove = 0 makes this small stack BigTIFF, as a stack past 4 GB would be.
        using (var writer = new TiffStackWriter(path, 12, new TiffWriteOptions { Layout = layout, BigTiffAbove = 0 }))
        {
            for (var page = 0; page < 12; page++)
            {
                var (c, z, t) = layout.PositionOf(page);
                writer.Write(Frames.Constant(20, 16, (float)Tifffile.Expected(t, z, c)));
            }

            Assert.True(writer.IsBigTiff);
            writer.Complete();
        }

        var output = Tifffile.Describe(path);
        Assert.True(output.GetProperty("bigtiff").GetBoolean());
        Assert.True(output.GetProperty("ome").GetBoolean());
        Assert.Equal("TZCYX", output.GetProperty("axes").GetString());
        Assert.Equal(["DAPI", "GFP"], output.GetProperty("channels").EnumerateArray().Select(e => e.GetString()));
        AssertPlanesInPlace(output);
    }

    private static JsonElement Denoise(string input, string output, params string[] more)
    {
        var (code, stdout, stderr) = CliRunner.Run(["denoise", input, "--output", output, "--method", "gaussian", "--param", "sigma=1", .. more]);
        Assert.True(code == 0, $"tacs denoise failed ({code}): {stdout}\n{stderr}");
        return Tifffile.Describe(output);
    }

    // The planes are constant, so the Gaussian keeps each one's value: a plane moved to another place shows.
    private static void AssertPlanesInPlace(JsonElement output)
    {
        for (var t = 0; t < 2; t++)
        {
            for (var z = 0; z < 3; z++)
            {
                for (var c = 0; c < 2; c++)
                {
                    Assert.True(Math.Abs(Tifffile.PlaneMean(output, t, z, c) - Tifffile.Expected(t, z, c)) < 0.5, $"plane t={t} z={z} c={c} holds {Tifffile.PlaneMean(output, t, z, c)}, expected {Tifffile.Expected(t, z, c)}");
                }
            }
        }
    }
}
