using System.Diagnostics;
using System.Globalization;
using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;
using Tacs.Torch.Tests.Support;
using Tacs.Torch.Weights;

namespace Tacs.Torch.Tests.Plugin;

public sealed class TrainCommandTests
{
    internal static (int Code, string Error) Tacs(params string[] args) => Run(args) is var (code, error, _) ? (code, error) : default;

    /// <summary>Runs tacs and returns what it printed on standard output (the log goes to standard error).</summary>
    internal static (int Code, string Output) TacsOut(params string[] args) => Run(args) is var (code, _, output) ? (code, output) : default;

    private static (int Code, string Error, string Output) Run(string[] args)
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
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000));
        return (process.ExitCode, error.Result, output);
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
    public void WeightsHalfWritesAHalfSizeCopyAndNeverTheInput()
    {
        using var temp = new TempFolder();
        using (var network = Synthetic.TinyNetwork())
        {
            WeightsFile.Save(temp.File("w.drunet"), network, new WeightsMetadata { Command = "tacs train drunet --input x" });
        }

        var (code, error) = Tacs("weights", "half", temp.File("w.drunet"), "-o", temp.File("w.drunet"));
        Assert.Equal(1, code);
        Assert.Contains("the input is never overwritten", error, StringComparison.Ordinal);

        (code, error) = Tacs("weights", "half", temp.File("w.drunet"), "-o", temp.File("half.drunet"));
        Assert.True(code == 0, error);
        var metadata = WeightsFile.ReadMetadata(temp.File("half.drunet"));
        Assert.Equal(WeightsFile.Float16, metadata.Precision);
        Assert.Equal("tacs train drunet --input x", metadata.Command);

        (code, error) = Tacs("weights", "half", temp.File("missing.drunet"), "-o", temp.File("other.drunet"));
        Assert.Equal(1, code);
        Assert.Contains("not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SupervisedTrainingWithoutCleanImagesIsRefused()
    {
        using var temp = new TempFolder();
        var (code, error) = Tacs("train", "drunet", "--input", temp.Path, "--method", "supervised");
        Assert.Equal(1, code);
        Assert.Contains("needs --clean", error, StringComparison.Ordinal);
    }

    internal static void WritePairs(TempFolder temp, int count)
    {
        Directory.CreateDirectory(temp.File("noisy"));
        Directory.CreateDirectory(temp.File("clean"));
        for (var i = 0; i < count; i++)
        {
            var (clean, noisy) = Synthetic.Image(64, 64, 0.05, seed: 40 + i);
            foreach (var (folder, pixels) in new[] { ("noisy", noisy), ("clean", clean) })
            {
                using var writer = new TiffStackWriter(temp.File($"{folder}/{i}.tif"), 1);
                writer.Write(new ImageFrame(64, 64, pixels));
                writer.Complete();
            }
        }
    }

    private static string[] SupervisedCommand(TempFolder temp, int steps, params string[] more) =>
    [
        "train", "drunet", "--input", temp.File("noisy"), "--clean", temp.File("clean"), "--method", "supervised", "--sigma", "0.05",
        "--channels", "4,8,8,8", "--blocks", "1", "--patch", "16", "--batch", "2", "--steps", steps.ToString(CultureInfo.InvariantCulture),
        "--checkpoint-every", "5", "--threads", "1", "--output", temp.File("w.drunet"), .. more,
    ];

    [Fact]
    public void SupervisedTrainingOnCleanPairsWritesWeightsThatSayHowTheyWereMade()
    {
        using var temp = new TempFolder();
        WritePairs(temp, 2);
        var (code, error) = Tacs(SupervisedCommand(temp, 10));
        Assert.True(code == 0, error);
        var (network, metadata) = WeightsFile.Load(temp.File("w.drunet"));
        network.Dispose();
        Assert.Equal("supervised", metadata.Method);
        Assert.Equal(10, metadata.Steps);
        Assert.True(double.IsFinite(metadata.FinalLoss) && metadata.FinalLoss > 0, $"final loss {metadata.FinalLoss}");
        Assert.Contains("--clean", metadata.Command, StringComparison.Ordinal);
    }

    [Fact]
    public void AForeignOptimiserStateStopsTheResumeWithAClearErrorAndKeepsTheCheckpoint()
    {
        using var temp = new TempFolder();
        WritePairs(temp, 2);
        var (code, error) = Tacs(SupervisedCommand(temp, 5));
        Assert.True(code == 0, error);
        var checkpoint = File.ReadAllBytes(temp.File("w.drunet.ckpt"));
        File.WriteAllText(temp.File("w.drunet.ckpt.adam"), "not an optimiser state");

        (code, error) = Tacs(SupervisedCommand(temp, 10, "--resume"));
        Assert.Equal(1, code);
        Assert.Contains("w.drunet.ckpt.adam", error, StringComparison.Ordinal);
        Assert.Contains("Delete that file", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal(checkpoint, File.ReadAllBytes(temp.File("w.drunet.ckpt")));

        File.Delete(temp.File("w.drunet.ckpt.adam"));
        (code, error) = Tacs(SupervisedCommand(temp, 10, "--resume"));
        Assert.True(code == 0, error);
        Assert.Contains("resuming with fresh Adam moments", error, StringComparison.Ordinal);
        Assert.Equal(10, WeightsFile.ReadMetadata(temp.File("w.drunet")).Steps);
    }

    [Fact]
    public void SurePgOnGaussianDataIsRefusedBeforeReadingImages()
    {
        using var temp = new TempFolder();
        var (code, error) = Tacs("train", "drunet", "--input", temp.Path, "--method", "sure-pg");
        Assert.Equal(1, code);
        Assert.Contains("--noise poisson-gaussian", error, StringComparison.Ordinal);
    }

    [Fact]
    public void DivergenceProbesAreForSurePgOnlyAndWithinRange()
    {
        using var temp = new TempFolder();
        var (code, error) = Tacs("train", "drunet", "--input", temp.Path, "--method", "r2r", "--probes", "2");
        Assert.Equal(1, code);
        Assert.Contains("--probes is only for sure-pg (got --method r2r)", error, StringComparison.Ordinal);

        (code, error) = Tacs("train", "drunet", "--input", temp.Path, "--method", "sure-pg", "--noise", "poisson-gaussian", "--probes", "0");
        Assert.Equal(1, code);
        Assert.Contains("--probes must be between 1 and 16; got 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SurePgWithOneProbeInsteadOfTheDefaultTwoTrainsAndRecordsTheCommand()
    {
        using var temp = new TempFolder();
        WritePairs(temp, 2);
        var (code, error) = Tacs("train", "drunet", "--input", temp.File("noisy"), "--method", "sure-pg", "--noise", "poisson-gaussian", "--gain", "0.01",
            "--read-noise", "0.02", "--probes", "1", "--channels", "4,8,8,8", "--blocks", "1", "--patch", "16", "--batch", "2", "--steps", "4",
            "--checkpoint-every", "0", "--threads", "1", "--output", temp.File("w.drunet"));
        Assert.True(code == 0, error);
        var metadata = WeightsFile.ReadMetadata(temp.File("w.drunet"));
        Assert.Equal("sure-pg", metadata.Method);
        Assert.Equal(4, metadata.Steps);
        Assert.Contains("--probes 1", metadata.Command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigtermStopsTrainingWithACheckpointThatResumes()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("noisy"));
        for (var i = 0; i < 2; i++)
        {
            var (_, noisy) = Synthetic.Image(64, 64, 0.05, seed: i);
            using var writer = new TiffStackWriter(temp.File($"noisy/{i}.tif"), 1);
            writer.Write(new ImageFrame(64, 64, noisy));
            writer.Complete();
        }

        string[] command = ["train", "drunet", "--input", temp.File("noisy"), "--sigma", "0.05", "--channels", "4,8,8,8", "--blocks", "1", "--patch", "16",
            "--batch", "2", "--steps", "1000000", "--checkpoint-every", "0", "--threads", "1", "--output", temp.File("w.drunet")];
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(Repo.AppFolder, "tacs.dll"));
        command.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        var started = new TaskCompletionSource();
        // The log (progress lines included) goes to stderr.
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("step 20/", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        }
        finally
        {
            // A failed wait must not leave a training process running after the test.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.WaitForExit(); // drains the asynchronous readers
        var printed = output.ToString();
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {printed}");
        Assert.Contains("Stopped at step", printed, StringComparison.Ordinal);
        Assert.Contains("--resume", printed, StringComparison.Ordinal);
        var (network, metadata) = WeightsFile.Load(temp.File("w.drunet.ckpt"));
        network.Dispose();
        Assert.InRange(metadata.Steps, 20, 999_999);
        Assert.True(File.Exists(temp.File("w.drunet.ckpt.adam")));
        var (weights, written) = WeightsFile.Load(temp.File("w.drunet"));
        weights.Dispose();
        Assert.Equal(metadata.Steps, written.Steps);

        var more = metadata.Steps + 10;
        var resumed = command.Select(a => a == "1000000" ? more.ToString(CultureInfo.InvariantCulture) : a).Append("--resume").ToArray();
        var (code, resumeError) = Tacs(resumed);
        Assert.True(code == 0, resumeError);
        var (final, finalMetadata) = WeightsFile.Load(temp.File("w.drunet"));
        final.Dispose();
        Assert.Equal(more, finalMetadata.Steps);

        // Both command lines stay on record: the one that began the run and the resume that finished it.
        Assert.Single(finalMetadata.EarlierCommands);
        Assert.DoesNotContain("--resume", finalMetadata.EarlierCommands[0], StringComparison.Ordinal);
        Assert.EndsWith("--resume", finalMetadata.Command, StringComparison.Ordinal);
    }
}
