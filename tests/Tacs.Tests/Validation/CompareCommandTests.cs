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

    [Theory]
    [InlineData("is not a positive number", "--sigma", "0")]
    [InlineData("Method 'nosuch' cannot be used", "-m", "nosuch")]
    [InlineData("the noisy folder needs a file of the same name", "--noisy", "EMPTY")]
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
