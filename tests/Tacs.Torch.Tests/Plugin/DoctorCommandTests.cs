using System.Diagnostics;
using Tacs.Diagnostics;
using Tacs.Torch.Tests.Support;

namespace Tacs.Torch.Tests.Plugin;

public sealed class DoctorCommandTests
{
    [Fact]
    public async Task DoctorNamesTheCpuChecksTheKernelsAndFlagsEveryNonReleaseAssembly()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(Repo.AppFolder, "tacs.dll"));
        start.ArgumentList.Add("doctor");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(300_000));

        var machine = MachineFacts.Current();
        Assert.Contains(machine.CpuModel, output, StringComparison.Ordinal);
        Assert.Contains($"ISA                                {machine.IsaLevel}", output, StringComparison.Ordinal);
        Assert.Contains("libtorch                           2.10.0", output, StringComparison.Ordinal);
        Assert.Contains("training step, oneDNN", output, StringComparison.Ordinal);
        Assert.Matches(@"training step, oneDNN \S+ +\S+: agrees", output);
        Assert.Contains("ONNX Runtime                       1.31.1", output, StringComparison.Ordinal);
        Assert.Matches(@"DRUNet window +agrees with libtorch to [0-9.E-]+ .*ms in libtorch  ok", output);

        // The program under test is this test run's own build: a Debug build must be reported as a problem (exit 3),
        // a Release build must pass.
        var configuration = BuildConfiguration.OfFile(Path.Combine(Repo.AppFolder, "tacs.dll"));
        if (configuration == "Release")
        {
            Assert.True(process.ExitCode == 0, output + await error);
            Assert.Contains("All checks ok.", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(3, process.ExitCode);
            Assert.Contains("tacs.dll                           Debug  PROBLEM: a Debug build runs several times slower", output, StringComparison.Ordinal);
        }
    }
}
