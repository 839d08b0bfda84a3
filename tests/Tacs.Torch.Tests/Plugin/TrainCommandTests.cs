using System.Diagnostics;
using Tacs.Torch.Tests.Support;

namespace Tacs.Torch.Tests.Plugin;

public sealed class TrainCommandTests
{
    private static (int Code, string Error) Tacs(params string[] args)
    {
        var program = Path.Combine(Repo.AppFolder, "tacs.dll");
        Assert.True(File.Exists(program), $"{program} is missing: build the solution first.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000));
        return (process.ExitCode, error.Result);
    }

    [Fact]
    public void AFolderWithoutImagesGivesOneClearError()
    {
        using var temp = new TempFolder();
        var (code, error) = Tacs("train", "drunet", "--input", temp.Path, "--output", temp.File("w.drunet"));
        Assert.Equal(1, code);
        Assert.Contains("error:", error, StringComparison.Ordinal);
        Assert.Contains("holds no readable images", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreadableImagesAreNamedAndTooFewAreRefused()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("broken.tif"), "not a tiff");
        var (code, error) = Tacs("train", "drunet", "--input", temp.Path, "--output", temp.File("w.drunet"));
        Assert.Equal(1, code);
        Assert.Contains("broken.tif", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SupervisedTrainingWithoutCleanImagesIsRefused()
    {
        using var temp = new TempFolder();
        var (code, error) = Tacs("train", "drunet", "--input", temp.Path, "--method", "supervised");
        Assert.Equal(1, code);
        Assert.Contains("needs --clean", error, StringComparison.Ordinal);
    }
}
