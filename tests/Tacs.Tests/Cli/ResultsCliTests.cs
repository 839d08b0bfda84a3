using System.Text.Json;
using Tacs.Tests.Support;

namespace Tacs.Tests.Cli;

/// <summary>Analyser results come out as data (<c>--results</c> CSV or JSON, one row per frame) and as a readable summary.</summary>
public sealed class ResultsCliTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly PluginFolders _plugins = new();

    public ResultsCliTests()
    {
        _plugins.AddTestPlugin("Kit");
        Assert.Equal(0, CliRunner.Run("example", "-o", _temp.Path, "--size", "16", "--frames", "4").ExitCode);
    }

    [Fact]
    public void RunWritesOneCsvRowPerPageAndPrintsASummary()
    {
        var (code, output, error) = CliRunner.Run(
            "run", _temp.File("noisy.tif"), "-o", _temp.File("out.tif"), "--chain", "offset(amount=5) | mean(threshold=1)", "--results", _temp.File("r.csv"), "--plugins", _plugins.Root);

        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(_temp.File("r.csv"));
        Assert.Equal("source,frame,plugin,label,p_bright,p_dark,f_mean,notes", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Equal(["0", "1", "2", "3"], lines.Skip(1).Select(l => l.Split(',')[1]));
        Assert.All(lines.Skip(1), l => Assert.StartsWith("noisy.tif,", l));
        Assert.All(lines.Skip(1), l => Assert.Contains(",test.mean,bright,1,0,", l));
        Assert.Contains("test.mean: 4 frame(s)", output);
        Assert.Contains("labels: bright 4", output);
        Assert.Matches(@"mean: mean \d", output);
        Assert.Matches(@"page 1: test\.mean: bright \(bright 1\.00, dark 0\.00\) mean=\d", error);
    }

    [Fact]
    public void DenoiseWithAnAnalyserWritesJson()
    {
        var (code, _, error) = CliRunner.Run(
            "denoise", _temp.File("clean.tif"), "-o", _temp.File("out.tif"), "-m", "mean", "-p", "threshold=1e9", "--results", _temp.File("r.json"), "--plugins", _plugins.Root);

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(File.ReadAllText(_temp.File("r.json")));
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal("dark", r.GetProperty("label").GetString()));
        Assert.All(rows, r => Assert.Equal(1.0, r.GetProperty("probabilities").GetProperty("dark").GetDouble()));
        Assert.True(rows[2].GetProperty("features").GetProperty("mean").GetDouble() > 0);
        Assert.Equal(2, rows[2].GetProperty("frame").GetInt64());
    }

    [Fact]
    public void AcquireWritesAResultRowPerProcessedFrame()
    {
        var (code, output, error) = CliRunner.Run(
            "acquire", "--frames", "6", "--fps", "20", "--size", "16", "--chain", "mean", "--results", _temp.File("live.csv"), "--plugins", _plugins.Root);

        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(_temp.File("live.csv"));
        var processed = output.Split('\n').SkipWhile(l => !l.StartsWith("received", StringComparison.Ordinal)).Skip(2).First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        Assert.Equal(int.Parse(processed, System.Globalization.CultureInfo.InvariantCulture), lines.Length - 1);
        Assert.Contains("test.mean", lines[1]);
        Assert.Matches(@"test\.mean\s+1\.0\.0\s+\d+", output);
    }

    [Fact]
    public void AResultsFileMustBeCsvOrJson()
    {
        var (code, output, error) = CliRunner.Run("denoise", _temp.File("clean.tif"), "-o", _temp.File("out.tif"), "-m", "mean", "--results", _temp.File("r.txt"), "--plugins", _plugins.Root);

        Assert.Equal(1, code);
        Assert.Contains("must end in .csv or .json", output + error);
        Assert.False(File.Exists(_temp.File("out.tif")));
    }

    public void Dispose()
    {
        _plugins.Dispose();
        _temp.Dispose();
    }
}
