using BitMiracle.LibTiff.Classic;
using Tacs.Host.Imaging;
using Tacs.Host.Imaging.Dimensions;
using Tacs.Sdk.Frames;
using Tacs.Tests.Support;

namespace Tacs.Tests.Imaging.Dimensions;

/// <summary>How tacs reads and writes channels, z and time: its own hyperstacks and OME-TIFF files read back with
/// their layout, each page's position and provenance; metadata that does not fit the file is named in a warning
/// and the pages are read flat; multi-file OME datasets are refused with the reason.</summary>
public sealed class LayoutReadingTests : IDisposable
{
    private static readonly StackLayout TwoByThreeByTwo = new()
    {
        Container = StackContainer.ImageJ,
        Channels = 2,
        Slices = 3,
        TimePoints = 2,
        PixelWidthMicrons = 0.25,
        PixelHeightMicrons = 0.25,
        SliceSpacingMicrons = 1.5,
        ChannelNames = ["DAPI", "GFP"],
    };

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(StackContainer.ImageJ, "XYCZT")]
    [InlineData(StackContainer.Ome, "XYCZT")]
    [InlineData(StackContainer.Ome, "XYZTC")]
    public void ALayoutWrittenByTacsIsReadBackWithEveryPagesPosition(StackContainer container, string order)
    {
        var layout = TwoByThreeByTwo with { Container = container, DimensionOrder = order };
        var path = _temp.File("stack.tif");
        Write(path, layout, page => new ProvenanceEntry("p", "1", new Dictionary<string, string> { ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) }, new Dictionary<string, string>(), DateTimeOffset.UnixEpoch));

        using var image = ImageFiles.Open(path);
        var read = image.Layout;
        Assert.Equal((container, order, 2, 3, 2), (read.Container, read.DimensionOrder, read.Channels, read.Slices, read.TimePoints));
        Assert.Equal((0.25, 1.5), (read.PixelWidthMicrons!.Value, read.SliceSpacingMicrons!.Value));
        Assert.Equal(["DAPI", "GFP"], read.ChannelNames);
        for (var page = 0; page < 12; page++)
        {
            var frame = image.ReadPage(page);
            var (c, z, t) = layout.PositionOf(page);
            var position = frame.Metadata.Position!;
            Assert.Equal((c, z, t, 2, 3, 2), (position.Channel, position.Slice, position.Time, position.Channels, position.Slices, position.TimePoints));
            Assert.Equal(c == 0 ? "DAPI" : "GFP", position.ChannelName);
            Assert.Equal(1.5, position.SliceSpacingMicrons);
            Assert.Equal(0.25, frame.Metadata.PixelSizeMicrons);
            Assert.Equal(page, frame.Pixels[0]);

            // Each page's own provenance, not the first page's (issue 18's readback bug).
            Assert.Equal(page.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(frame.Provenance).Parameters["page"]);
        }

        Assert.Equal(Enumerable.Range(0, 12).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)), PageProvenance.Read(path).Select(r => Assert.Single(r.Provenance).Parameters["page"]));
    }

    [Fact]
    public void PlanesInAnyDimensionOrderMapToTheirPagesAndBack()
    {
        foreach (var order in new[] { "XYCZT", "XYCTZ", "XYZCT", "XYZTC", "XYTCZ", "XYTZC" })
        {
            var layout = TwoByThreeByTwo with { DimensionOrder = order };
            var seen = new HashSet<(int, int, int)>();
            for (var page = 0; page < layout.Pages; page++)
            {
                var (c, z, t) = layout.PositionOf(page);
                Assert.True(seen.Add((c, z, t)), $"{order}: page {page} repeats a position");
                Assert.Equal(page, layout.PageOf(c, z, t));
            }
        }

        Assert.Equal((1, 0, 0), TwoByThreeByTwo.PositionOf(1));
        Assert.Equal((0, 1, 0), (TwoByThreeByTwo with { DimensionOrder = "XYZCT" }).PositionOf(1));
    }

    [Theory]
    [InlineData("ImageJ=1.54f\nimages=4\nchannels=2\nslices=3\nhyperstack=true\n", "channels=2 × slices=3 × frames=1 = 6 pages, but the file has 4")]
    [InlineData("ImageJ=1.54f\nimages=4\nchannels=two\n", "not a positive whole number")]
    [InlineData("ImageJ=1.54f\nimages=4\nchannels=2\nslices=2\norder=xyzzy\n", "not an order of x, y, c, z and t")]
    public void ImageJCountsThatDoNotFitTheFileAreNamedAndThePagesReadFlat(string description, string problem) =>
        AssertReadFlat(description, problem);

    [Theory]
    [InlineData("<Pixels ID=\"Pixels:0\" DimensionOrder=\"XYCZT\" Type=\"uint8\" SizeX=\"4\" SizeY=\"4\" SizeC=\"2\" SizeZ=\"3\" SizeT=\"1\"><TiffData/></Pixels>", "SizeC=2 × SizeZ=3 × SizeT=1 = 6 planes, but the file has 4 pages")]
    [InlineData("<Pixels ID=\"Pixels:0\" DimensionOrder=\"XYQZT\" Type=\"uint8\" SizeX=\"4\" SizeY=\"4\" SizeC=\"2\" SizeZ=\"2\" SizeT=\"1\"/>", "no valid DimensionOrder ('XYQZT')")]
    [InlineData("<Pixels ID=\"Pixels:0\" DimensionOrder=\"XYCZT\" Type=\"uint8\" SizeX=\"4\" SizeY=\"4\" SizeC=\"2\" SizeZ=\"2\" SizeT=\"1\"><TiffData IFD=\"0\" FirstZ=\"1\" PlaneCount=\"4\"/></Pixels>", "TiffData cannot be followed (")]
    [InlineData("<Pixels ID=\"Pixels:0\" DimensionOrder=\"XYCZT\" Type=\"uint8\" SizeX=\"4\" SizeY=\"4\" SizeC=\"2\" SizeZ=\"2\" SizeT=\"1\"><TiffData/><Plane TheC=\"0\" TheZ=\"5\" TheT=\"0\"/></Pixels>", "outside SizeC=2, SizeZ=2, SizeT=1")]
    public void OmeSizesThatDoNotFitTheFileAreNamedAndThePagesReadFlat(string pixels, string problem) =>
        AssertReadFlat(Ome(pixels), problem);

    [Fact]
    public void PagesStoredInAnotherOrderThanDimensionOrderAreReadThroughTheirTiffData()
    {
        var path = _temp.File("shuffled.ome.tif");
        WriteRaw(path, 4, Ome("<Pixels ID=\"Pixels:0\" DimensionOrder=\"XYCZT\" Type=\"uint8\" SizeX=\"4\" SizeY=\"4\" SizeC=\"1\" SizeZ=\"4\" SizeT=\"1\">"
            + "<TiffData IFD=\"0\" FirstZ=\"2\" PlaneCount=\"2\"/><TiffData IFD=\"2\" FirstZ=\"0\" PlaneCount=\"2\"/></Pixels>"));

        using var image = ImageFiles.Open(path);

        Assert.Equal(4, image.Layout.Slices);
        Assert.Equal([2f, 3, 0, 1], Enumerable.Range(0, 4).Select(z => image.ReadPage(z).Pixels[0]));
        Assert.Equal(1, image.ReadPage(1).Metadata.Position!.Slice);
    }

    [Fact]
    public void BrokenOmeXmlIsNamedAndThePagesReadFlat() =>
        AssertReadFlat("<?xml version=\"1.0\"?><OME><Image", "not well-formed XML");

    [Theory]
    [InlineData("part1.ome.tif")]
    [InlineData("part2.ome.tif")]
    public void AMultiFileOmeDatasetIsReadAsOneStackThroughAnyOfItsFiles(string opened)
    {
        WriteDataset(_temp.Path, Dataset("part1.ome.tif", "part2.ome.tif"));

        using var image = ImageFiles.Open(_temp.File(opened));

        Assert.Equal((8, 8), (image.PageCount, image.Layout.Slices));
        Assert.Equal([0f, 1, 2, 3, 10, 11, 12, 13], Enumerable.Range(0, 8).Select(p => image.ReadPage(p).Pixels[0]));
        var frame = image.ReadPage(5);
        Assert.Equal((5, 8, 5L), (frame.Metadata.Position!.Slice, frame.Metadata.Position.Slices, frame.Metadata.FrameIndex));
        Assert.EndsWith("part2.ome.tif", frame.Metadata.Source);
    }

    [Fact]
    public void ADatasetWhoseMetadataIsInACompanionFileIsRead()
    {
        var binaryOnly = "<?xml version=\"1.0\"?><OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\"><BinaryOnly MetadataFile=\"set.companion.ome\" UUID=\"urn:uuid:1\"/></OME>";
        WriteRaw(_temp.File("part1.ome.tif"), 4, binaryOnly);
        WriteRaw(_temp.File("part2.ome.tif"), 4, binaryOnly, firstValue: 10);
        File.WriteAllText(_temp.File("set.companion.ome"), Dataset("part1.ome.tif", "part2.ome.tif"));

        using var image = ImageFiles.Open(_temp.File("part1.ome.tif"));

        Assert.Equal(8, image.PageCount);
        Assert.Equal(12, image.ReadPage(6).Pixels[0]);
    }

    [Theory]
    [InlineData("gone.ome.tif", "'gone.ome.tif', which is missing from")]
    [InlineData("../part2.ome.tif", "not a plain file name")]
    public void ADatasetFileThatIsMissingOrOutsideTheFolderIsNamed(string name, string expected)
    {
        WriteRaw(_temp.File("part1.ome.tif"), 4, Dataset("part1.ome.tif", name));

        var error = Assert.Throws<ImageReadException>(() => ImageFiles.Open(_temp.File("part1.ome.tif")).Dispose());
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void AMissingCompanionMetadataFileIsNamed()
    {
        WriteRaw(_temp.File("data.ome.tif"), 2, "<?xml version=\"1.0\"?><OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\"><BinaryOnly MetadataFile=\"set.companion.ome\" UUID=\"urn:uuid:1\"/></OME>");

        var error = Assert.Throws<ImageReadException>(() => ImageFiles.Open(_temp.File("data.ome.tif")).Dispose());
        Assert.Contains("'set.companion.ome', which is missing", error.Message);
    }

    [Fact]
    public void ADatasetWithAPlaneNoFileHoldsIsRefused()
    {
        WriteRaw(_temp.File("other.ome.tif"), 3, "other");
        WriteRaw(_temp.File("part1.ome.tif"), 4, Ome("<Pixels ID=\"Pixels:0\" DimensionOrder=\"XYCZT\" Type=\"uint8\" SizeX=\"4\" SizeY=\"4\" SizeC=\"1\" SizeZ=\"8\" SizeT=\"1\">"
            + "<TiffData IFD=\"0\" PlaneCount=\"4\"><UUID FileName=\"part1.ome.tif\">urn:uuid:1</UUID></TiffData>"
            + "<TiffData IFD=\"0\" FirstZ=\"5\" PlaneCount=\"3\"><UUID FileName=\"other.ome.tif\">urn:uuid:2</UUID></TiffData></Pixels>"));

        var error = Assert.Throws<ImageReadException>(() => ImageFiles.Open(_temp.File("part1.ome.tif")).Dispose());
        Assert.Contains("no file for plane 5 (C=0, Z=4, T=0) of 8", error.Message);
    }

    [Fact]
    public void AWriterRefusesALayoutOfAnotherPageCount()
    {
        var error = Assert.Throws<ArgumentException>(() => new TiffStackWriter(_temp.File("x.tif"), 5, new TiffWriteOptions { Layout = TwoByThreeByTwo }));
        Assert.Contains("12 pages, but 5", error.Message);
    }

    private void AssertReadFlat(string description, string problem)
    {
        var path = _temp.File("bad.tif");
        WriteRaw(path, 4, description);
        var log = new LogCapture();

        using var image = ImageFiles.Open(path, new ImageReadOptions { Log = log.Logger });

        Assert.Equal((1, 4, 1), (image.Layout.Channels, image.Layout.Slices, image.Layout.TimePoints));
        Assert.Equal(3, image.ReadPage(3).Pixels[0]);
        var warning = Assert.Single(log.Warnings, w => w.Contains("flat stack", StringComparison.Ordinal));
        Assert.Contains(problem, warning);
    }

    private static string Ome(string pixels) =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\"><Image ID=\"Image:0\">{pixels}</Image></OME>";

    private static void Write(string path, StackLayout layout, Func<int, ProvenanceEntry> provenance)
    {
        using var writer = new TiffStackWriter(path, layout.Pages, new TiffWriteOptions { Layout = layout });
        for (var page = 0; page < layout.Pages; page++)
        {
            var frame = Frames.Constant(6, 5, page);
            frame.Metadata.FrameIndex = page;
            frame.Metadata.PixelSizeMicrons = 0.25;
            frame.AddProvenance(provenance(page));
            writer.Write(frame);
        }

        writer.Complete();
    }

    /// <summary>The OME-XML of an 8-plane z-stack whose planes 1–4 are in <paramref name="first"/> and 5–8 in <paramref name="second"/>.</summary>
    internal static string Dataset(string first, string second) =>
        Ome("<Pixels ID=\"Pixels:0\" DimensionOrder=\"XYCZT\" Type=\"uint8\" SizeX=\"4\" SizeY=\"4\" SizeC=\"1\" SizeZ=\"8\" SizeT=\"1\">"
            + $"<TiffData IFD=\"0\" PlaneCount=\"4\"><UUID FileName=\"{first}\">urn:uuid:1</UUID></TiffData>"
            + $"<TiffData IFD=\"0\" FirstZ=\"4\" PlaneCount=\"4\"><UUID FileName=\"{second}\">urn:uuid:2</UUID></TiffData></Pixels>");

    /// <summary>Both files of <see cref="Dataset"/> in <paramref name="folder"/>, each carrying the metadata; pixels 0–3 and 10–13.</summary>
    internal static void WriteDataset(string folder, string xml)
    {
        WriteRaw(Path.Combine(folder, "part1.ome.tif"), 4, xml);
        WriteRaw(Path.Combine(folder, "part2.ome.tif"), 4, xml, firstValue: 10);
    }

    // 8-bit 4×4 pages whose pixels hold firstValue + the page number, the first with the given description.
    private static void WriteRaw(string path, int pages, string description, int firstValue = 0)
    {
        using var tiff = Tiff.Open(path, "w");
        for (var page = 0; page < pages; page++)
        {
            tiff.SetField(TiffTag.IMAGEWIDTH, 4);
            tiff.SetField(TiffTag.IMAGELENGTH, 4);
            tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
            tiff.SetField(TiffTag.ROWSPERSTRIP, 4);
            if (page == 0)
            {
                tiff.SetField(TiffTag.IMAGEDESCRIPTION, description);
            }

            tiff.WriteEncodedStrip(0, Enumerable.Repeat((byte)(firstValue + page), 16).ToArray(), 16);
            tiff.WriteDirectory();
        }
    }
}
