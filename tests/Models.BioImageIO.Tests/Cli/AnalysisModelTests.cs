using System.Globalization;
using Models.BioImageIO.Tests.Support;
using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;

namespace Models.BioImageIO.Tests.Cli;

/// <summary>A model whose output has no space axes becomes an analyser: named values per page in --results, frame unchanged.</summary>
public sealed class AnalysisModelTests
{
    [Fact]
    public void Run_AnalysisModelOnRealImages_WritesMeanAndMaxPerPage_AndLeavesTheFramesUnchanged()
    {
        using var temp = new TempFolder();
        AnalysisFixture.Write(temp.Path);
        var pages = new[] { "shg/1B-a1.tif", "shg/1B-a5.tif" }.Select(name =>
        {
            using var image = ImageFiles.Open(Repo.SharedData(name));
            return image.ReadPage(0).Pixels;
        }).ToList();
        var stack = temp.File("shg.tif");
        using (var writer = new TiffStackWriter(stack, pages.Count))
        {
            foreach (var page in pages)
            {
                writer.Write(new ImageFrame(512, 384, page, SampleFormat.UInt8));
            }

            writer.Complete();
        }

        var (code, output, error) = CliRunner.Run(
            "run", stack, "-o", temp.File("out.tif"), "--chain", AnalysisFixture.Id, "--models", temp.Path, "--results", temp.File("r.csv"));

        Assert.True(code == 0, output + error);
        var lines = File.ReadAllLines(temp.File("r.csv"));
        var header = lines[0].Split(',');
        Assert.Equal(3, lines.Length);
        for (var page = 0; page < pages.Count; page++)
        {
            var cells = lines[page + 1].Split(',');
            var (mean, max) = AnalysisFixture.Expected(pages[page]);
            Assert.Equal(page.ToString(CultureInfo.InvariantCulture), cells[Array.IndexOf(header, "frame")]);
            Assert.Equal("model.frame-stats", cells[Array.IndexOf(header, "plugin")]);
            Assert.Equal(mean, double.Parse(cells[Array.IndexOf(header, "f_mean")], CultureInfo.InvariantCulture), mean * 1e-5);
            Assert.Equal(max, double.Parse(cells[Array.IndexOf(header, "f_max")], CultureInfo.InvariantCulture), 1e-4);
        }

        Assert.NotEqual(AnalysisFixture.Expected(pages[0]).Mean, AnalysisFixture.Expected(pages[1]).Mean, 1e-3);
        using var result = ImageFiles.Open(temp.File("out.tif"));
        Assert.Equal(pages[1], result.ReadPage(1).Pixels);
    }

    [Fact]
    public void Acquire_WithTheAnalysisModel_GivesOneRowPerFrame()
    {
        using var temp = new TempFolder();
        AnalysisFixture.Write(temp.Path);

        var (code, output, error) = CliRunner.Run(
            "acquire", "--source", "sim", "--fps", "0", "--frames", "2", "--size", "64", "--chain", AnalysisFixture.Id,
            "--models", temp.Path, "-o", temp.File("raw.tif"), "--results", temp.File("live.csv"));

        Assert.True(code == 0, output + error);
        var lines = File.ReadAllLines(temp.File("live.csv"));
        // Live mode may skip a frame while the step is busy; every processed frame gives a row.
        Assert.Matches(@"model\.frame-stats\s+1\.0\.0\s+2\s+0\s+0\s+0\s", output);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), line => Assert.Contains("model.frame-stats", line));
    }

    [Fact]
    public void ModelsShowListAndTest_DescribeAndCheckTheAnalysisModel()
    {
        using var temp = new TempFolder();
        AnalysisFixture.Write(temp.Path);

        var show = CliRunner.Run("models", "show", AnalysisFixture.Id, "--models", temp.Path);
        var list = CliRunner.Run("models", "list", "--models", temp.Path);
        var test = CliRunner.Run("models", "test", AnalysisFixture.Id, "--models", temp.Path);

        Assert.Contains("analysis: 2 values (mean, max)", show.Out);
        Assert.Matches(@"frame-stats\s+analysis\s+0\.5\.4\s+onnx\s+ok", list.Out);
        Assert.True(test.ExitCode == 0, test.Out + test.Error);
        Assert.Contains("frame-stats: passed", test.Out);
    }

    [Fact]
    public void DescriptionNamingMoreValuesThanTheNetworkGives_FailsEachPage_NamingThePackage()
    {
        using var temp = new TempFolder();
        AnalysisFixture.Write(temp.Path, "mismatched", ["mean", "max", "min"]);

        var (code, output, error) = CliRunner.Run(
            "run", Repo.SharedData("shg/1B-a1.tif"), "-o", temp.File("out.tif"), "--chain", "mismatched", "--models", temp.Path, "--results", temp.File("r.csv"));

        // A step that fails on a page costs that page (exit code 5), with the reason in the log.
        Assert.Equal(5, code);
        Assert.Contains("mismatched", output + error);
        Assert.Contains("gave 2 value(s)", output + error);
        Assert.Contains("the description names 3 (mean, max, min)", output + error);
    }

    [Fact]
    public void ClassificationModel_GivesTheBestNameAsLabel_AndAnIndexAxisGetsNumberedNames()
    {
        using var temp = new TempFolder();
        AnalysisFixture.Write(temp.Path, "classes", ["dim", "bright"], tags: "classification");
        AnalysisFixture.Write(temp.Path, "unnamed", []);
        var input = Repo.SharedData("shg/1B-a1.tif");

        var (code, output, error) = CliRunner.Run(
            "run", input, "-o", temp.File("out.tif"), "--chain", "classes | unnamed", "--models", temp.Path, "--results", temp.File("r.csv"));
        var show = CliRunner.Run("models", "show", "unnamed", "--models", temp.Path);

        Assert.True(code == 0, output + error);
        using var image = ImageFiles.Open(input);
        var (mean, max) = AnalysisFixture.Expected(image.ReadPage(0).Pixels);
        var lines = File.ReadAllLines(temp.File("r.csv"));
        var header = lines[0].Split(',');
        var classes = lines.Skip(1).Single(l => l.Contains("model.classes", StringComparison.Ordinal)).Split(',');
        var unnamed = lines.Skip(1).Single(l => l.Contains("model.unnamed", StringComparison.Ordinal)).Split(',');
        Assert.Equal("bright", classes[Array.IndexOf(header, "label")]);
        Assert.Equal(max, double.Parse(classes[Array.IndexOf(header, "p_bright")], CultureInfo.InvariantCulture), 1e-4);
        Assert.Equal(mean, double.Parse(unnamed[Array.IndexOf(header, "f_stats_0")], CultureInfo.InvariantCulture), mean * 1e-5);
        Assert.Equal(max, double.Parse(unnamed[Array.IndexOf(header, "f_stats_1")], CultureInfo.InvariantCulture), 1e-4);
        Assert.Contains("analysis: 2 values (stats_0 … stats_1)", show.Out);
    }

    [Fact]
    public void FrameOfAnotherSizeThanAFixedInput_FailsThePage_SayingWhatTheModelTakes()
    {
        using var temp = new TempFolder();
        AnalysisFixture.Write(temp.Path, "fixed", ["mean", "max"], inputSize: "32");

        var (code, output, error) = CliRunner.Run("run", Repo.SharedData("shg/1B-a1.tif"), "-o", temp.File("out.tif"), "--chain", "fixed", "--models", temp.Path);

        Assert.Equal(5, code);
        Assert.Contains("the model takes y = 32, and the frame is 512×384", output + error);
        Assert.Contains("does not tile or pad", output + error);
    }
}
