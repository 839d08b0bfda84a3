using System.Text.RegularExpressions;
using Tacs.Tests.Support;

namespace Tacs.Tests.Cli;

/// <summary>Figures and exit codes that scripts and users compare.</summary>
public sealed class ReportingTests
{
    [Fact]
    public void ExampleAndMeasurePrintTheSamePsnrForTheSamePair()
    {
        using var temp = new TempFolder();

        var example = CliRunner.Run("example", "-o", temp.Path, "--size", "64", "--frames", "3");
        var measure = CliRunner.Run("measure", "-r", temp.File("clean.tif"), temp.File("noisy.tif"));
        var withPeak = CliRunner.Run("measure", "-r", temp.File("clean.tif"), "--peak", "1200", temp.File("noisy.tif"));

        Assert.Equal((0, 0), (example.ExitCode, measure.ExitCode));
        var fromExample = Regex.Match(example.Out, @"PSNR of noisy (\d+\.\d\d) dB").Groups[1].Value;
        var fromMeasure = Regex.Match(measure.Out, @"noisy\.tif\s+(\d+\.\d\d)").Groups[1].Value;
        Assert.NotEqual(string.Empty, fromExample);
        Assert.Equal(fromExample, fromMeasure);
        // The old example figure used peak 1200 while measure uses the clean page's maximum (scene + offset 100).
        Assert.NotEqual(fromMeasure, Regex.Match(withPeak.Out, @"noisy\.tif\s+(\d+\.\d\d)").Groups[1].Value);
    }

    [Fact]
    public void PluginsListExitsZeroWhenEveryPluginLoaded()
    {
        using var folders = new PluginFolders();
        folders.AddShippedPlugin("Denoise.Gaussian");

        var (code, output, _) = CliRunner.Run("plugins", "list", "--plugins", folders.Root);

        Assert.Equal(0, code);
        Assert.Matches(@"denoise\.gaussian.*loaded", output);
    }
}
