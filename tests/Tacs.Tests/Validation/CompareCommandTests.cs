using Tacs.Tests.Support;

namespace Tacs.Tests.Validation;

public sealed class CompareCommandTests
{
    [Fact]
    public void ComparesDenoisersOnCleanImagesWithAddedNoise()
    {
        using var temp = new TempFolder();
        var clean = Path.Combine(temp.Path, "clean");
        Directory.CreateDirectory(clean);
        File.Copy(Repo.SharedData("set12/01.png"), Path.Combine(clean, "01.png"));
        File.Copy(Repo.SharedData("set12/02.png"), Path.Combine(clean, "02.png"));

        var (code, output, error) = CliRunner.Run("compare", clean, "--sigma", "15,25", "-m", "gaussian(sigma=1)", "-o", temp.File("out"));

        Assert.True(code == 0, error);
        var csv = File.ReadAllLines(temp.File("out/compare.csv"));
        Assert.Equal(1 + (2 * 2 * 2), csv.Length);
        Assert.True(File.Exists(temp.File("out/compare-psnr.png")));
        Assert.Matches(@"\| σ=25 \| 1 \| gaussian\(sigma=1\) \| 2\d\.\d\d \|", output);
        Assert.Matches(@"\| σ=25 \| 2 \| noisy \| 20\.\d\d \|", output);
    }

    [Fact]
    public void TwoShardsMergedGiveTheTablesOfOneRun()
    {
        using var temp = new TempFolder();
        var clean = Path.Combine(temp.Path, "clean");
        Directory.CreateDirectory(clean);
        foreach (var name in new[] { "01.png", "02.png", "03.png" })
        {
            File.Copy(Repo.SharedData($"set12/{name}"), Path.Combine(clean, name));
        }

        string[] args = ["compare", clean, "--sigma", "25", "-m", "gaussian(sigma=1)"];
        Assert.Equal(0, CliRunner.Run([.. args, "-o", temp.File("single")]).ExitCode);
        for (var k = 0; k < 2; k++)
        {
            var shard = CliRunner.Run([.. args, "-o", temp.File("split"), "--shard", $"{k}/2"]);
            Assert.True(shard.ExitCode == 0, shard.Error);
        }

        var merge = CliRunner.Run([.. args, "-o", temp.File("split"), "--merge"]);
        Assert.True(merge.ExitCode == 0, merge.Error);

        // Every column but the time: same images in the same order, same noise (seeded), same scores.
        static string[] Scores(string file) => [.. File.ReadAllLines(file).Select(l => l[..l.LastIndexOf(',')])];
        Assert.Equal(Scores(temp.File("single/compare.csv")), Scores(temp.File("split/compare.csv")));
        Assert.Equal(1 + (3 * 2), File.ReadAllLines(temp.File("split/compare.csv")).Length);

        var other = CliRunner.Run(["compare", clean, "--sigma", "15", "-m", "gaussian(sigma=1)", "-o", temp.File("split"), "--merge"]);
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("was made with other images, noise levels, methods or seed", other.Error);
    }

    [Fact]
    public void AMethodThatHangsIsStoppedByTheStepTimeoutAndTheOthersAreScored()
    {
        using var temp = new TempFolder();
        using var plugins = new PluginFolders();
        plugins.AddShippedPlugin("Denoise.Gaussian");
        plugins.AddTestPlugin("Faults");

        var (code, output, error) = CliRunner.Run(
            "compare", Repo.SharedData("set12/01.png"), "--sigma", "25", "-m", "hang(ms=60000)", "-m", "gaussian(sigma=1)",
            "--step-timeout", "0.5", "-o", temp.File("out"), "--plugins", plugins.Root);

        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Contains("failed: 01.png σ=25 hang(ms=60000): Step 1 (test.hang 1.0.0) timed out after 500 ms", output);
        var csv = File.ReadAllLines(temp.File("out/compare.csv"));
        Assert.Equal(1 + 2, csv.Length);
        Assert.Contains(csv, l => l.Contains("gaussian(sigma=1)"));
    }

    [Theory]
    [InlineData("is not a positive number", "--sigma", "0")]
    [InlineData("Method 'nosuch' cannot be used", "-m", "nosuch")]
    [InlineData("the noisy folder needs a file of the same name", "--noisy", "EMPTY")]
    [InlineData("--step-timeout -1 must be 0 (no limit) or a positive number", "--step-timeout", "-1")]
    public void BadRequestsFailClearly(string expected, params string[] args)
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("empty"));
        var resolved = args.Select(a => a == "EMPTY" ? temp.File("empty") : a).ToArray();

        var (code, output, error) = CliRunner.Run(["compare", Repo.SharedData("set12/01.png"), "-o", temp.File("out"), .. resolved]);

        Assert.Equal(1, code);
        Assert.Contains(expected, output + error);
    }
}
