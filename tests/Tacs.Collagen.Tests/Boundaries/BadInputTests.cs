using Tacs.Collagen.Boundaries;
using Tacs.Collagen.Features;

namespace Tacs.Collagen.Tests.Boundaries;

public sealed class BadInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tacs-boundary-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void APolygonCsvWithAHeaderIsRead()
    {
        var path = Write("ok.csv", "x,y\n10,10\n100,10\n100,100\n# comment\n10,100\n");

        var boundary = BoundaryFiles.Read(path, 128, 128);

        Assert.Equal(4, boundary.Polygon.Count);
        Assert.True(boundary.IsInside(50, 50));
        Assert.False(boundary.IsInside(120, 120));
        Assert.True(boundary.DistanceAt(110, 50) > 8);
    }

    [Fact]
    public void AMalformedLineIsNamedWithItsNumber()
    {
        var path = Write("bad.csv", "x,y\n10,10\n100;abc\n100,100\n");

        var error = Assert.Throws<BoundaryException>(() => BoundaryFiles.Read(path, 128, 128));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("not 'x,y'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooFewPointsOrAPolygonOutsideTheImageAreRefused()
    {
        Assert.Contains("at least 3", Assert.Throws<BoundaryException>(() => BoundaryFiles.Read(Write("two.csv", "1,1\n5,5\n"), 64, 64)).Message, StringComparison.Ordinal);
        Assert.Contains("encloses no pixel", Assert.Throws<BoundaryException>(() => BoundaryFiles.Read(Write("far.csv", "1000,1000\n1100,1000\n1100,1100\n"), 64, 64)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingOrUnknownBoundaryFilesAreRefused()
    {
        Assert.Contains("not found", Assert.Throws<BoundaryException>(() => BoundaryFiles.Read(Path.Combine(_folder, "none.csv"), 64, 64)).Message, StringComparison.Ordinal);
        Assert.Contains("unknown type", Assert.Throws<BoundaryException>(() => BoundaryFiles.Read(Write("b.xyz", "1"), 64, 64)).Message, StringComparison.Ordinal);
        Assert.Contains("could not be read", Assert.Throws<BoundaryException>(() => BoundaryFiles.Read(Write("broken.tif", "not a tiff"), 64, 64)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MasksMustMatchTheImageAndHoldBothTumourAndStroma()
    {
        var mask = new byte[64 * 64];
        Assert.Contains("encloses no pixel", Assert.Throws<BoundaryException>(() => TumourBoundary.FromMask(mask, 64, 64)).Message, StringComparison.Ordinal);
        Array.Fill(mask, (byte)255);
        Assert.Contains("whole", Assert.Throws<BoundaryException>(() => TumourBoundary.FromMask(mask, 64, 64)).Message, StringComparison.Ordinal);
        Assert.Contains("has 4096 pixels", Assert.Throws<BoundaryException>(() => TumourBoundary.FromMask(mask, 32, 32)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMaskFileOfAnotherSizeIsRefused()
    {
        var path = Path.Combine(_folder, "mask.png");
        using (var mat = new OpenCvSharp.Mat(32, 32, OpenCvSharp.MatType.CV_8UC1, OpenCvSharp.Scalar.All(0)))
        {
            mat.Set(10, 10, (byte)255);
            OpenCvSharp.Cv2.ImWrite(path, mat);
        }

        Assert.Contains("is 32×32, but the image is 64×64", Assert.Throws<BoundaryException>(() => BoundaryFiles.Read(path, 64, 64)).Message, StringComparison.Ordinal);
        Assert.True(BoundaryFiles.Read(path, 32, 32).IsInside(10, 10));
    }

    [Fact]
    public void NonFinitePixelsAndTinyImagesAreRefused()
    {
        var pixels = new float[64 * 64];
        pixels[70] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => FibreFeatureExtractor.Extract(pixels, 64, 64, null));
        Assert.Contains("NaN", nan.Message, StringComparison.Ordinal);
        Assert.Contains("(6, 1)", nan.Message, StringComparison.Ordinal);
        Assert.Contains("too small", Assert.Throws<ArgumentException>(() => FibreFeatureExtractor.Extract(new float[8 * 8], 8, 8, null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABoundaryOfAnotherSizeIsRefused()
    {
        var boundary = TumourBoundary.FromPolygon([new(0, 0), new(20, 0), new(20, 20)], 32, 32);
        var error = Assert.Throws<BoundaryException>(() => FibreFeatureExtractor.Extract(new float[64 * 64], 64, 64, boundary));
        Assert.Contains("32×32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlatImageHasNoFibresAndSaysSo()
    {
        var features = FibreFeatureExtractor.Extract(Enumerable.Repeat(100f, 64 * 64).ToArray(), 64, 64, null);

        Assert.Equal(0, features["fibre_count"]);
        Assert.Contains(features.Notes, n => n.Contains("No fibre was found", StringComparison.Ordinal));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
