using System.Runtime.CompilerServices;
using Tacs.Host.Chains;
using Tacs.Host.Plugins;
using Tacs.Sdk.Frames;
using Tacs.Tests.Support;

namespace Tacs.Tests.Plugins;

public sealed class HotSwapTests
{
    [Fact]
    public async Task ReplacingAPluginDllDuringARunSwapsItBetweenFramesWithoutLosingOrRepeatingAny()
    {
        using var folders = new PluginFolders();
        var folder = folders.AddTestPlugin("Swap.V1", "Swap");
        using var catalog = folders.Load(hotSwap: true);
        var chain = ChainBuilder.Build("swap", catalog, Serilog.Log.Logger);
        var slot = catalog.Resolve("swap");

        var results = new List<(long Index, float Value, string Version)>();
        var swapped = false;
        var framesAfterSwap = 0;
        var frameIndex = 0L;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (framesAfterSwap < 50 && DateTime.UtcNow < deadline)
        {
            var frame = new ImageFrame(16, 16, sourceFormat: SampleFormat.Float32);
            Array.Fill(frame.Pixels, frameIndex * 10);
            frame.Metadata.FrameIndex = frameIndex;
            var output = chain.Process(frame);
            results.Add((output.Metadata.FrameIndex, output.Pixels[0] - (frameIndex * 10), output.Provenance.Single().PluginVersion));
            frameIndex++;

            if (frameIndex == 50)
            {
                // Replace the DLL on disk while frames keep flowing, as a lab would when updating a plugin.
                PluginFolders.CopyInto(Repo.TestPlugin("Swap.V2"), folder);
            }

            if (slot.Current.Generation > 1)
            {
                swapped = true;
                framesAfterSwap++;
            }

            await Task.Delay(2);
        }

        Assert.True(swapped, "The changed DLL was not swapped in within 30 s.");
        Assert.Equal(Enumerable.Range(0, results.Count).Select(i => (long)i), results.Select(r => r.Index));
        Assert.All(results, r => Assert.Equal(r.Version == "1.0.0" ? 1f : 2f, r.Value));
        var firstV2 = results.FindIndex(r => r.Version == "2.0.0");
        Assert.True(firstV2 >= 50, "Frames before the copy must have been processed by version 1.");
        Assert.All(results.Take(firstV2), r => Assert.Equal("1.0.0", r.Version));
        Assert.All(results.Skip(firstV2), r => Assert.Equal("2.0.0", r.Version));
        Assert.Equal(2, slot.Current.Generation);
        Assert.Equal("2.0.0", catalog.Records.Single().Manifest!.Version);
    }

    [Fact]
    public void TheReplacedVersionsLoadContextIsUnloaded()
    {
        using var folders = new PluginFolders();
        var folder = folders.AddTestPlugin("Swap.V1", "Swap");
        using var catalog = folders.Load();
        RunOneFrame(catalog);

        PluginFolders.CopyInto(Repo.TestPlugin("Swap.V2"), folder);
        catalog.ReloadFolder(folder);
        RunOneFrame(catalog);

        var retired = Assert.Single(catalog.RetiredContexts);
        for (var i = 0; i < 20 && retired.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(retired.IsAlive, "The old plugin's load context is still referenced after the swap.");
    }

    [Fact]
    public void AReloadThatFailsKeepsTheRunningVersionAndSaysSo()
    {
        using var folders = new PluginFolders();
        var folder = folders.AddTestPlugin("Swap.V1", "Swap");
        using var catalog = folders.Load();

        File.WriteAllBytes(Path.Combine(folder, "Tacs.TestPlugins.Swap.dll"), [1, 2, 3, 4]);
        catalog.ReloadFolder(folder);

        var record = Assert.Single(catalog.Records);
        Assert.Equal(PluginState.Loaded, record.State);
        Assert.Contains("Reload failed, still running version 1.0.0", record.Error);
        Assert.Equal(1f, RunOneFrame(catalog));
    }

    [Fact]
    public void AChangedNativeLibraryIsReportedAsNeedingARestart()
    {
        using var folders = new PluginFolders();
        var folder = folders.AddTestPlugin("Swap.V1", "Swap");
        File.WriteAllBytes(Path.Combine(folder, "libfake.so"), [1, 2, 3]);
        using var catalog = folders.Load();

        File.WriteAllBytes(Path.Combine(folder, "libfake.so"), [1, 2, 3, 4, 5]);
        catalog.ReloadFolder(folder);

        var record = Assert.Single(catalog.Records);
        Assert.Equal(PluginState.Loaded, record.State);
        Assert.Contains("restart tacs", record.Error);
        Assert.Contains("libfake.so", record.Error);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float RunOneFrame(PluginCatalog catalog)
    {
        var chain = ChainBuilder.Build("swap", catalog, Serilog.Log.Logger);
        return chain.Process(new ImageFrame(4, 4)).Pixels[0];
    }
}
