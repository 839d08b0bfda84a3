using System.Diagnostics;
using System.Globalization;
using Tacs.Torch.Tests.Support;
using Tacs.Torch.Weights;

namespace Tacs.Torch.Tests.Plugin;

/// <summary>
/// Each training method, through the command line, for a few hundred steps on the stack `tacs example` writes (camera
/// noise): on an AVX-512 CPU whose oneDNN kernels gave NaN, these stopped at step 2. Small networks and patches keep
/// it to seconds; the kernels are the ones a full run uses.
/// </summary>
public sealed class EveryMethodTrainsTests
{
    private static (int Code, string Output, string Error) Tacs(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(Repo.AppFolder, "tacs.dll"));
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(600_000), "tacs did not finish in 10 minutes");
        return (process.ExitCode, output, error.Result);
    }

    private static double Psnr(string measured, string file) =>
        double.Parse(measured.Split('\n').First(l => l.StartsWith(file, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("n2n")]
    [InlineData("r2r")]
    [InlineData("sure")]
    [InlineData("sure-pg")]
    public void EachMethodTrainsThreeHundredStepsOnTheExampleStackToFiniteUsefulWeights(string method)
    {
        using var temp = new TempFolder();
        var example = Tacs("example", "--output", temp.Path, "--size", "128", "--frames", "4");
        Assert.True(example.Code == 0, example.Error);

        var weights = temp.File($"{method}.drunet");
        var train = Tacs("train", "drunet", "--input", temp.File("noisy.tif"), "--noise", "poisson-gaussian", "--method", method,
            "--channels", "16,16,32,32", "--patch", "32", "--batch", "4", "--steps", "300", "--checkpoint-every", "100", "--output", weights);
        Assert.True(train.Code == 0, $"{method}: exit {train.Code}\n{train.Error}");
        var metadata = WeightsFile.ReadMetadata(weights);
        Assert.Equal(300, metadata.Steps);
        Assert.True(double.IsFinite(metadata.FinalLoss), $"final loss {metadata.FinalLoss}");
        Assert.Contains("CPU ", metadata.Machine, StringComparison.Ordinal);
        Assert.Contains("convolution kernels", metadata.Machine, StringComparison.Ordinal);

        var denoised = temp.File("denoised.tif");
        var run = Tacs("denoise", temp.File("noisy.tif"), "--output", denoised, "--method", "drunet", "--param", $"weights={weights}", "--param", "noise=poisson-gaussian");
        Assert.True(run.Code == 0, run.Error);
        var measure = Tacs("measure", "--reference", temp.File("clean.tif"), temp.File("noisy.tif"), denoised);
        Assert.True(measure.Code == 0, measure.Error);
        var (before, after) = (Psnr(measure.Output, "noisy.tif"), Psnr(measure.Output, "denoised.tif"));
        Assert.True(after > before + 1, $"{method}: PSNR {after:F2} dB after denoising, {before:F2} dB before");
    }

    [Fact]
    public void ADivergingRunStopsWithOneLineNamingStepAndCpuAndWritesNoWeights()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Tacs("example", "--output", temp.Path, "--size", "128", "--frames", "2").Code);
        var weights = temp.File("w.drunet");

        // At a learning rate of 0.99 Adam moves every weight by about 1 in one step: the next loss overflows.
        var train = Tacs("train", "drunet", "--input", temp.File("noisy.tif"), "--noise", "poisson-gaussian", "--method", "r2r",
            "--channels", "16,16,32,32", "--patch", "32", "--batch", "4", "--steps", "50", "--lr", "0.99", "--output", weights);

        Assert.True(train.Code == 3, $"exit {train.Code}\n{train.Error}");
        Assert.Contains("error: Training stopped at step", train.Error, StringComparison.Ordinal);
        Assert.Contains("CPU: ", train.Error, StringComparison.Ordinal);
        // The step was retried on libtorch's own kernels and overflowed there too: the message blames the training.
        Assert.Contains("without oneDNN failed the same way", train.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", train.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(weights), "weights were written from a diverged run");
    }
}
