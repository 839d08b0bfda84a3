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
        await BuildSample("Lab.Denoise.Median", folders);
        using var catalog = folders.Load();
        var record = Assert.Single(catalog.Records);
        Assert.Equal((PluginState.Loaded, "lab.median"), (record.State, record.Id));

        var frame = Frames.Constant(9, 7, 10);
        frame.Pixels[(3 * 9) + 4] = 60000;
        var result = ChainBuilder.Build("median(radius=1)", catalog, Serilog.Log.Logger).Process(frame);
        Assert.All(result.Pixels, p => Assert.Equal(10f, p));
    }

    [Fact]
    public async Task TheSampleAnalyserBuildsOutOfTreeAndReportsLabelsAndFeatures()
    {
        using var folders = new PluginFolders();
        await BuildSample("Lab.Analyse.Stats", folders);
        using var catalog = folders.Load();
        var record = Assert.Single(catalog.Records);
        Assert.Equal((PluginState.Loaded, "lab.stats", "analyser"), (record.State, record.Id, record.Kind));
        var chain = ChainBuilder.Build("stats", catalog, Serilog.Log.Logger);

        var bright = Frames.Constant(10, 10, 5000);
        bright.Pixels[0] = bright.Pixels[1] = 65535;
        var saturated = chain.Process(bright).Analyses.Single();
        var ok = chain.Process(Frames.Constant(10, 10, 5000)).Analyses.Single();
        var dim = chain.Process(Frames.Constant(10, 10, 100)).Analyses.Single();

        Assert.Equal(("saturated", "ok", "dim"), (saturated.Label, ok.Label, dim.Label));
        Assert.Equal(0.02, saturated.Features["saturated_fraction"], 6);
        Assert.Equal(5000, ok.Features["mean"], 6);
        Assert.Equal(0, ok.Features["std"], 6);
        Assert.Empty(ok.Probabilities);
        Assert.Contains("2.0% saturated", saturated.Notes.Single());
    }

    // Builds a sample from its own folder against the built SDK alone, straight into a test plugins folder.
    private static async Task BuildSample(string name, PluginFolders folders)
    {
        var target = Path.Combine(folders.Root, name);
        var build = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "build", Path.Combine(Repo.Root, "samples", name), "-c", "Release", "-o", target, "-p:TacsSdk=" + Path.Combine(Repo.AppFolder, "Tacs.Sdk.dll"), "-nologo" })
        {
            build.ArgumentList.Add(arg);
        }

        using (var process = Process.Start(build)!)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"The sample {name} did not build:\n" + await output);
        }

        Assert.False(File.Exists(Path.Combine(target, "Tacs.Sdk.dll")), "A plugin must not carry its own copy of the SDK.");
    }
}
