using Tacs.Host.Imaging;
using Tacs.Tests.Support;

namespace Tacs.Tests.Cli;

/// <summary>The tacs program, run as a separate process against the built plugins folder.</summary>
public sealed class CliTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("plugins", "--help")]
    [InlineData("plugins", "list", "--help")]
    [InlineData("plugins", "show", "--help")]
    [InlineData("denoise", "--help")]
    [InlineData("run", "--help")]
    [InlineData("example", "--help")]
    [InlineData("measure", "--help")]
    public void EveryCommandHasHelp(params string[] args)
    {
        var (code, output, _) = CliRunner.Run(args);

        Assert.Equal(0, code);
        Assert.Contains("Usage:", output);
    }

    [Fact]
    public void PluginsListAndShowDescribeTheGaussianPlugin()
    {
        var list = CliRunner.Run("plugins", "list");
        var show = CliRunner.Run("plugins", "show", "gaussian");

        Assert.Equal(0, list.ExitCode);
        Assert.Matches(@"denoise\.gaussian\s+gaussian\s+1\.0\.0\s+denoiser\s+loaded", list.Out);
        Assert.Equal(0, show.ExitCode);
        Assert.Matches(@"sigma\s+number\s+1\.0\s+0\.1 – 50 px", show.Out);
    }

    [Fact]
    public void PluginsListShowsFailuresWithTheirReason()
    {
        using var folders = new PluginFolders();
        folders.AddTestPlugin("Throwing");
        folders.AddShippedPlugin("Denoise.Gaussian");

        var (code, output, error) = CliRunner.Run("plugins", "list", "--plugins", folders.Root);

        Assert.Equal(6, code);
        Assert.Contains("1 plugin(s) failed to load", error);
        Assert.Contains("failed: Throwing: ThrowingDenoiser failed while being created: InvalidOperationException: model file missing", output);
        Assert.Matches(@"denoise\.gaussian.*loaded", output);
    }

    [Fact]
    public void ExampleThenDenoiseThenMeasureWorksEndToEnd()
    {
        using var temp = new TempFolder();
        var example = CliRunner.Run("example", "-o", temp.Path, "--size", "64", "--frames", "3");
        Assert.Equal(0, example.ExitCode);

        var denoise = CliRunner.Run("denoise", temp.File("noisy.tif"), "-o", temp.File("out.tif"), "--method", "gaussian", "--param", "sigma=1.5");
        Assert.Equal(0, denoise.ExitCode);
        Assert.Contains("Done: 1 file(s), 3 page(s)", denoise.Error);

        var measure = CliRunner.Run("measure", "-r", temp.File("clean.tif"), temp.File("noisy.tif"), temp.File("out.tif"));
        Assert.Equal(0, measure.ExitCode);
        var psnr = measure.Out.Split('\n').Where(l => l.Contains(".tif")).Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(psnr[1] > psnr[0], $"Denoised PSNR {psnr[1]} should beat noisy {psnr[0]}.");

        using var output = ImageFiles.Open(temp.File("out.tif"));
        Assert.Equal((3, Tacs.Sdk.Frames.SampleFormat.UInt16), (output.PageCount, output.Format));
    }

    [Fact]
    public void RunTakesAChainFileAndTheTacsPluginsVariable()
    {
        using var temp = new TempFolder();
        using var folders = new PluginFolders();
        folders.AddTestPlugin("Kit");
        CliRunner.Run("example", "-o", temp.Path, "--size", "32", "--frames", "1");
        File.WriteAllText(temp.File("chain.json"), """{"steps": [{"plugin": "offset", "parameters": {"amount": 5}}, {"plugin": "mean"}]}""");

        var (code, _, error) = CliRunner.RunWith(new Dictionary<string, string> { ["TACS_PLUGINS"] = folders.Root }, "run", temp.File("clean.tif"), "-o", temp.File("o.tif"), "--chain-file", temp.File("chain.json"));

        Assert.Equal(0, code);
        Assert.Contains("offset(amount=5) [test.offset 1.0.0] | mean [test.mean 1.0.0]", error);
    }

    [Theory]
    [InlineData("error: Step 1 'gaussian' (denoise.gaussian 1.0.0): Parameter 'sigma': value '-2' is below the minimum 0.1.", "denoise", "IN", "-o", "OUT", "--param", "sigma=-2")]
    [InlineData("error: Step 1 'nosuch': No plugin named 'nosuch'", "denoise", "IN", "-o", "OUT", "--method", "nosuch")]
    [InlineData("error: --param 'sigma' is not name=value", "denoise", "IN", "-o", "OUT", "--param", "sigma")]
    [InlineData("error: In the chain: missing ')'.", "run", "IN", "-o", "OUT", "--chain", "gaussian(sigma=1")]
    [InlineData("does not exist", "denoise", "MISSING", "-o", "OUT")]
    [InlineData("Give exactly one of --chain and --chain-file", "run", "IN", "-o", "OUT")]
    [InlineData("Option '--output' is required", "denoise", "IN")]
    public void BadInvocationsFailWithAClearMessageAndExitCode(string expected, params string[] args)
    {
        using var temp = new TempFolder();
        CliRunner.Run("example", "-o", temp.Path, "--size", "16", "--frames", "1");
        var resolved = args.Select(a => a switch
        {
            "IN" => temp.File("noisy.tif"),
            "OUT" => temp.File("out.tif"),
            "MISSING" => temp.File("missing.tif"),
            _ => a,
        }).ToArray();

        var (code, output, error) = CliRunner.Run(resolved);

        Assert.NotEqual(0, code);
        Assert.Contains(expected, output + error);
        Assert.False(File.Exists(temp.File("out.tif")));
    }

    [Fact]
    public void AFolderWithABadFileExitsWithPartialFailure()
    {
        using var temp = new TempFolder();
        CliRunner.Run("example", "-o", temp.Path, "--size", "16", "--frames", "1");
        File.WriteAllText(temp.File("broken.tif"), "truncated");

        var (code, _, error) = CliRunner.Run("denoise", temp.Path, "-o", temp.File("out"));

        Assert.Equal(2, code);
        Assert.Contains("broken.tif failed", error);
        Assert.True(File.Exists(temp.File("out/noisy.tif")));
        Assert.True(File.Exists(temp.File("out/clean.tif")));
    }

    [Fact]
    public async Task StoppingALiveAcquisitionWithSigtermCompletesTheRawStack()
    {
        using var temp = new TempFolder();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(Repo.AppFolder, "tacs.dll"), "acquire", "--frames", "0", "--fps", "50", "--size", "32", "--out", temp.File("run.tif") })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(temp.File("run.tif.partial")))
        {
            Assert.True(DateTime.UtcNow < deadline && !process.HasExited, "The acquisition did not start: " + (process.HasExited ? await error : string.Empty));
            await Task.Delay(100);
        }

        await Task.Delay(1000);
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var printed = await output;
        Assert.Equal(0, process.ExitCode);
        var counters = printed.Split('\n').SkipWhile(l => !l.StartsWith("received", StringComparison.Ordinal)).Skip(2).First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(counters[0], counters[1]);
        using var stack = ImageFiles.Open(temp.File("run.tif"));
        Assert.Equal(int.Parse(counters[1], System.Globalization.CultureInfo.InvariantCulture), stack.PageCount);
        Assert.True(stack.PageCount > 10);
        Assert.False(File.Exists(temp.File("run.tif.partial")));
    }
}
