using System.Diagnostics;

namespace Models.BioImageIO.Tests.Support;

/// <summary>
/// A tiny BioImage.IO package with real TorchScript weights, written by PyTorch itself: Fixtures/make_torchscript.py
/// under the system Python with Debian's python3-torch (.ci/run installs it). The test output in the package is
/// torch's own result, so tacs must reproduce it through TorchSharp. A missing python3-torch fails the test with
/// the command that installs it.
/// </summary>
internal static class TorchScriptFixture
{
    public const string Id = "tiny-torchscript";

    private const string Python = "/usr/bin/python3";

    /// <summary>Writes the package into <paramref name="models"/>/<paramref name="name"/> and returns its folder.</summary>
    /// <param name="models">The models folder.</param>
    /// <param name="withOnnx">Also export the same network as ONNX (torch.onnx.export) into the package.</param>
    /// <param name="name">Folder name of the package.</param>
    public static string Write(string models, bool withOnnx = false, string name = Id)
    {
        var target = Path.Combine(models, name);
        Assert.True(File.Exists(Python), $"{Python} is missing: the TorchScript tests write their model with Debian's python3-torch (apt-get install python3-torch).");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(Repo.Root, "tests", "Models.BioImageIO.Tests", "Fixtures", "make_torchscript.py"));
        start.ArgumentList.Add(target);
        if (withOnnx)
        {
            start.ArgumentList.Add("--onnx");
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "make_torchscript.py did not finish within 2 minutes.");
        if (error.Result.Contains("No module named", StringComparison.Ordinal))
        {
            Assert.Fail($"python3-torch is missing ({error.Result.Trim()}): install it with apt-get install python3-torch (.ci/run does).");
        }

        Assert.True(process.ExitCode == 0, $"make_torchscript.py failed: {error.Result}{output.Result}");
        return target;
    }
}
