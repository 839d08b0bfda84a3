using Tacs.Host.Chains;
using Tacs.Host.Plugins;
using Tacs.Tests.Support;

namespace Tacs.Tests.Plugins;

/// <summary>Problems the runtime would meet only at the first frame are found at load time and named.</summary>
public sealed class LoadCheckTests
{
    [Fact]
    public void APluginWhoseDependencyIsMissingFailsAtLoadNamingIt()
    {
        using var folders = new PluginFolders();
        var broken = folders.AddTestPlugin("LazyDep", "Broken");
        File.Delete(Path.Combine(broken, "Tacs.TestPlugins.LazyLib.dll"));
        folders.AddTestPlugin("LazyDep", "Intact");
        // The broken copy fails before its id is read, so the intact one is the only test.lazy and runs.
        using var catalog = folders.Load();

        var record = catalog.Records.Single(r => Path.GetFileName(r.Folder) == "Broken");
        Assert.Equal(PluginState.Failed, record.State);
        Assert.Contains("needs Tacs.TestPlugins.LazyLib 1.0.0.0 (needed by Tacs.TestPlugins.LazyDep.dll), which is neither in its folder nor provided by tacs", record.Error);
        var output = ChainBuilder.Build("lazy", catalog, Serilog.Log.Logger).Process(Frames.Constant(2, 2, 3));
        Assert.All(output.Pixels, p => Assert.Equal(6f, p));
    }

    [Fact]
    public void APluginCarryingAnotherVersionOfASharedWrapperLoadsWithAWarningNamingBothVersions()
    {
        using var folders = new PluginFolders();
        folders.AddTestPlugin("WrapperUserA");
        folders.AddTestPlugin("WrapperUserC");
        using var catalog = new PluginCatalog(
            new PluginHostOptions { PluginsFolder = folders.Root, SharedAssemblies = ["Tacs.Sdk", "Tacs.TestPlugins.SharedWrapper"] }, Serilog.Log.Logger);
        catalog.LoadAll();

        var a = catalog.Records.Single(r => r.Id == "test.wrapper-a");
        var c = catalog.Records.Single(r => r.Id == "test.wrapper-c");
        Assert.Equal((PluginState.Loaded, null), (a.State, a.Error));
        Assert.Equal(PluginState.Loaded, c.State);
        Assert.Contains("carries Tacs.TestPlugins.SharedWrapper 2.0.0.0 but runs on the host's 1.0.0.0", c.Error);
        // Both run. Whether they share one wrapper instance is SharedNativeWrapperTests' subject: compared here, the
        // instances differed in one of two full test runs (order-dependent process state; cause not yet found).
        var output = ChainBuilder.Build("wrapper-a | wrapper-c", catalog, Serilog.Log.Logger).Process(Frames.Constant(2, 2, 0));
        Assert.Equal(2, output.Provenance.Count);
    }
}
