using System.Diagnostics;
using Tacs.Host.Chains;
using Tacs.Host.Plugins;
using Tacs.Tests.Support;

namespace Tacs.Tests.Samples;

/// <summary>The sample third-party plugin, built from its own folder against the SDK alone, then dropped in.</summary>
public sealed class SamplePluginTests
{
    [Fact]
    public async Task TheSamplePluginBuildsOutOfTreeLoadsAndRuns()
    {
        using var folders = new PluginFolders();
        var target = Path.Combine(folders.Root, "Lab.Denoise.Median");
        var build = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "build", Path.Combine(Repo.Root, "samples", "Lab.Denoise.Median"), "-c", "Release", "-o", target, "-p:TacsSdk=" + Path.Combine(Repo.AppFolder, "Tacs.Sdk.dll"), "-nologo" })
        {
            build.ArgumentList.Add(arg);
        }

        using (var process = Process.Start(build)!)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, "The sample did not build:\n" + await output);
        }

        Assert.False(File.Exists(Path.Combine(target, "Tacs.Sdk.dll")), "A plugin must not carry its own copy of the SDK.");
        using var catalog = folders.Load();
        var record = Assert.Single(catalog.Records);
        Assert.Equal((PluginState.Loaded, "lab.median"), (record.State, record.Id));

        var frame = Frames.Constant(9, 7, 10);
        frame.Pixels[(3 * 9) + 4] = 60000;
        var result = ChainBuilder.Build("median(radius=1)", catalog, Serilog.Log.Logger).Process(frame);
        Assert.All(result.Pixels, p => Assert.Equal(10f, p));
    }
}
