using System.Text.Json;
using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;
using Tacs.Tests.Support;

namespace Tacs.Tests.Cli;

/// <summary><c>tacs classify predict</c> on stacks: a prediction per page, a results table, a summary, scale and band
/// warnings, overlays, and clear errors (issue 20). Small 256-px synthetic images keep it quick.</summary>
public sealed class ClassifyCliTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public ClassifyCliTests()
    {
        var (code, _, error) = CliRunner.Run("synth", "-o", _temp.File("syn"), "--size", "256", "-n", "1", "--noise", "none", "--seed", "3");
        Assert.True(code == 0, error);
        // A three-page stack of the three classes; the synthetic pixel size (2 µm at 256 px) is kept in the file.
        using var writer = new TiffStackWriter(_temp.File("stack.tif"), 3, new TiffWriteOptions { Format = SampleFormat.UInt16 });
        for (var i = 0; i < 3; i++)
        {
            using var source = ImageFiles.Open(_temp.File($"syn/clean/s000{i}.tif"));
            writer.Write(source.ReadPage(0));
        }

        writer.Complete(overwrite: true);
        File.Copy(_temp.File("syn/boundary/s0002.csv"), _temp.File("stack.boundary.csv"));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void EveryPageOfAStackGetsARowAndTheSummaryCountsThem()
    {
        var (code, output, error) = CliRunner.Run("classify", "predict", _temp.File("stack.tif"), "--results", _temp.File("r.csv"));

        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(_temp.File("r.csv"));
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("image,page,pages,answer,label,uncertain,", lines[0], StringComparison.Ordinal);
        Assert.Equal(["1", "2", "3"], lines.Skip(1).Select(l => l.Split(',')[1]));
        Assert.All(lines.Skip(1), l => Assert.Equal("3", l.Split(',')[2]));
        Assert.Contains("Summary of 3 page(s):", output, StringComparison.Ordinal);
        Assert.DoesNotContain("first page was used", output + error, StringComparison.Ordinal);
        // The stack's 2 µm pixels were brought to the model's 1 µm before measuring.
        Assert.Contains("resampled ×2", File.ReadAllText(_temp.File("r.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void ChosenPagesOnlyAndJsonResults()
    {
        var (code, _, error) = CliRunner.Run("classify", "predict", _temp.File("stack.tif"), "--pages", "2-3", "--results", _temp.File("r.json"));

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(File.ReadAllText(_temp.File("r.json")));
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal([2, 3], rows.Select(r => r.GetProperty("page").GetInt32()));
        Assert.All(rows, r => Assert.Equal(2.0, r.GetProperty("pixel_size_um").GetDouble(), 3));
        Assert.All(rows, r => Assert.True(r.GetProperty("features").GetProperty("boundary_arc_max_frac_above_60").GetDouble() >= 0));
    }

    [Fact]
    public void APageBeyondTheStackIsAnErrorRowAndTheOthersAreStillClassified()
    {
        var (code, output, error) = CliRunner.Run("classify", "predict", _temp.File("stack.tif"), "--pages", "1,5");

        Assert.NotEqual(0, code);
        Assert.Contains("page 5 asked for, but the file has 3 page(s)", error, StringComparison.Ordinal);
        Assert.Contains("Summary of 2 page(s):", output, StringComparison.Ordinal);
        Assert.Contains("error 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void BadPagesAndPixelSizesAreRefusedWithTheReason()
    {
        var pages = CliRunner.Run("classify", "predict", _temp.File("stack.tif"), "--pages", "0");
        var size = CliRunner.Run("classify", "predict", _temp.File("stack.tif"), "--pixel-size", "-1");

        Assert.NotEqual(0, pages.ExitCode);
        Assert.Contains("--pages '0'", pages.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, size.ExitCode);
        Assert.Contains("--pixel-size -1", size.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherScaleOrBandWithoutResamplingIsWarnedAbout()
    {
        var (code, output, error) = CliRunner.Run("classify", "predict", _temp.File("stack.tif"), "--pages", "1", "--no-rescale", "--band", "60");

        Assert.True(code == 0, error);
        Assert.Contains("warning:", error, StringComparison.Ordinal);
        Assert.Contains("pixel size 2 µm is 2× the model's 1 µm", error, StringComparison.Ordinal);
        Assert.Contains("band 60 px differs from the 100 px", error, StringComparison.Ordinal);
        Assert.Contains("warning: pixel size", output, StringComparison.Ordinal); // also in the table's notes
    }

    [Fact]
    public void AnOverlayIsWrittenForAPage()
    {
        var (code, output, error) = CliRunner.Run("classify", "predict", _temp.File("stack.tif"), "--pages", "3", "--overlay", _temp.File("overlay.png"));

        Assert.True(code == 0, error);
        Assert.Contains("Wrote overlay", output, StringComparison.Ordinal);
        var bytes = File.ReadAllBytes(_temp.File("overlay.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4));
        using var png = ImageFiles.Open(_temp.File("overlay.png"));
        Assert.Equal(512, png.Width); // drawn on the image as measured, after resampling to the model's pixel size
    }
}
