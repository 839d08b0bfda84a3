using System.Text.Json.Nodes;
using Tacs.Tests.Support;

namespace Tacs.Tests.Validation;

/// <summary><c>tacs validate --quick</c> end to end, as the README runs it.</summary>
public sealed class ValidateCommandTests
{
    [Fact]
    public void TheQuickStudyWritesAPlausibleConsistentReport()
    {
        using var temp = new TempFolder();
        var (code, output, error) = CliRunner.Run("validate", "--quick", "-o", temp.Path, "--method", "gaussian(sigma=1)", "--real-noisy", Repo.SharedData("hagen/hagen_0.tif"), "--real-collagen", Repo.SharedData("shg/1B-a5.tif"), "--no-robustness");

        Assert.True(code == 0, error);
        Assert.Contains("| Method | Accuracy | Precision | Recall | F1 | ROC-AUC | delta (points)", output);
        foreach (var file in new[] { "report.md", "report.html", "report.json", "plots/psnr.png", "plots/ssim.png", "plots/delta.png", "plots/forest.png", "plots/roc-p3.png", "plots/confusion-p3-raw.png", "examples/synthetic-p3.png" })
        {
            Assert.True(File.Exists(temp.File(file)), $"{file} is missing from the report.");
        }

        Assert.Contains("data:image/png;base64,", File.ReadAllText(temp.File("report.html")));
        var report = JsonNode.Parse(File.ReadAllText(temp.File("report.json")))!;
        var levels = report["synthetic"]!.AsArray();
        Assert.Equal(["p10", "p3", "p1"], levels.Select(l => (string)l!["Level"]!));
        foreach (var level in levels)
        {
            var methods = level!["methods"]!.AsArray();
            Assert.Equal(["raw", "gaussian(sigma=1)"], methods.Select(m => (string)m!["Method"]!));
            foreach (var method in methods)
            {
                foreach (var metric in new[] { "Accuracy", "Precision", "Recall", "F1", "RocAuc" })
                {
                    var interval = method![metric]!;
                    var mean = (double)interval["Mean"]!;
                    Assert.InRange(mean, 0, 1);
                    Assert.InRange(mean, (double)interval["Low"]!, (double)interval["High"]!);
                }

                var folds = method!["FoldAccuracies"]!.AsArray().Select(a => (double)a!).ToArray();
                Assert.Equal(3 * 5, folds.Length);
                Assert.Equal(folds.Average(), (double)method["Accuracy"]!["Mean"]!, 9);
            }

            var raw = methods[0]!;
            var gaussian = methods[1]!;
            var delta = (double)gaussian["deltaPoints"]!["Difference"]!["Mean"]!;
            Assert.Equal(100 * ((double)gaussian["Accuracy"]!["Mean"]! - (double)raw["Accuracy"]!["Mean"]!), delta, 6);
            Assert.Contains((string)gaussian["deltaAboveTarget"]!, new[] { "yes", "no", "undecided" });
            Assert.True((double)gaussian["Psnr"]! > (double)raw["Psnr"]!, "Smoothing must raise PSNR at these noise levels.");
        }

        Assert.Equal("hagen_0.tif", (string)report["realDenoising"]![0]!["Image"]!);
        Assert.Equal("1B-a5.tif", (string)report["realClassification"]![0]!["Image"]!);

        // The shipped classifier doubts this image (a coherency outside its training range): the study must say so,
        // not show the most probable class as if it were the answer.
        Assert.StartsWith("uncertain (most probable TACS-", (string)report["realClassification"]![0]!["Label"]!, StringComparison.Ordinal);
        Assert.Contains("--quick", (string)report["options"]!["CommandLine"]!);
    }

    [Fact]
    public void TheSameStudyTwiceGivesTheSameNumbers()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        string[] args = ["validate", "--quick", "--per-class", "20", "--folds", "2", "--repeats", "1", "--noise", "30", "--no-robustness", "--method", "gaussian(sigma=1)"];

        Assert.Equal(0, CliRunner.Run([.. args, "-o", first.Path]).ExitCode);
        Assert.Equal(0, CliRunner.Run([.. args, "-o", second.Path]).ExitCode);

        static string Numbers(string folder) => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "report.json")))!["synthetic"]!.ToJsonString()
            .Split(',').Where(part => !part.Contains("MillisecondsPerImage")).Aggregate(string.Empty, (a, b) => a + b);
        Assert.Equal(Numbers(first.Path), Numbers(second.Path));
    }

    [Fact]
    public void AClassifierThatCannotRunStopsTheStudyBeforeItsSyntheticPhase()
    {
        using var temp = new TempFolder();
        // A plugins folder with the Gaussian denoiser only: the study's methods load, the classifier is missing.
        var plugins = temp.File("plugins");
        CopyFolder(Path.Combine(Repo.AppFolder, "plugins", "Denoise.Gaussian"), Path.Combine(plugins, "Denoise.Gaussian"));

        var (code, output, error) = CliRunner.Run("validate", "--quick", "-o", temp.File("report"), "--method", "gaussian(sigma=1)", "--no-robustness",
            "--real-collagen", Repo.SharedData("shg/1B-a5.tif"), "--plugins", plugins);

        Assert.Equal(1, code);
        Assert.Contains("Phase 2 cannot classify the real collagen images (checked before the study starts", error, StringComparison.Ordinal);
        // Refused before any image was made: no progress lines of the pilot or the study, no report.
        Assert.DoesNotContain("Pilot", output + error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("report/report.json")));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    [Theory]
    [InlineData("Method 'nosuch' cannot be used", "--method", "nosuch")]
    [InlineData("does not exist", "--real-collagen", "/no/such/folder")]
    [InlineData("the random forest needs at least 10", "--per-class", "5")]
    [InlineData("is not a photon count", "--noise", "100,abc")]
    public void BadRequestsFailClearly(string expected, params string[] args)
    {
        using var temp = new TempFolder();
        var (code, output, error) = CliRunner.Run(["validate", "--quick", "-o", temp.Path, .. args]);

        Assert.Equal(1, code);
        Assert.Contains(expected, output + error);
    }
}
