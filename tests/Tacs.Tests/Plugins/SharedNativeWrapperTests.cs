using System.Runtime.Loader;
using Tacs.Host.Chains;
using Tacs.Host.Plugins;
using Tacs.Tests.Support;

namespace Tacs.Tests.Plugins;

/// <summary>
/// Wrappers of native libraries (TorchSharp, OpenCvSharp) must exist once per process: two copies of libtorch
/// abort it. These tests load two plugins that carry the same wrapper and check they share one copy.
/// </summary>
public sealed class SharedNativeWrapperTests
{
    [Fact]
    public void TwoPluginsCarryingASharedWrapperUseOneCopyProvidedByTheFirst()
    {
        var identities = RunBoth(shared: true);

        Assert.Equal(identities[0], identities[1]);
        var copies = AssemblyLoadContext.All.SelectMany(c => c.Assemblies).Where(a => a.GetName().Name == "Tacs.TestPlugins.SharedWrapper").ToList();
        Assert.Contains(copies, a => AssemblyLoadContext.GetLoadContext(a) == AssemblyLoadContext.Default);
    }

    [Fact]
    public void WithoutSharingEachPluginWouldLoadItsOwnCopy()
    {
        var identities = RunBoth(shared: false);

        Assert.NotEqual(identities[0], identities[1]);
    }

    [Fact]
    public void TwoOpenCvPluginsRunTogetherOnTheHostsOpenCvSharp()
    {
        using var folders = new PluginFolders();
        folders.AddShippedPlugin("Denoise.Gaussian");
        folders.AddTestPlugin("OpenCvBox");
        using var catalog = folders.Load();

        var output = ChainBuilder.Build("gaussian(sigma=1) | box", catalog, Serilog.Log.Logger).Process(Frames.Constant(32, 32, 50));

        Assert.All(output.Pixels, p => Assert.Equal(50f, p, 3));
        var openCv = AssemblyLoadContext.All.SelectMany(c => c.Assemblies).Where(a => a.GetName().Name == "OpenCvSharp").ToList();
        var single = Assert.Single(openCv);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(single));
    }

    private static string[] RunBoth(bool shared)
    {
        using var folders = new PluginFolders();
        folders.AddTestPlugin("WrapperUserA");
        folders.AddTestPlugin("WrapperUserB");
        var names = shared ? new[] { "Tacs.Sdk", "Tacs.TestPlugins.SharedWrapper" } : ["Tacs.Sdk"];
        using var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = folders.Root, SharedAssemblies = names }, Serilog.Log.Logger);
        catalog.LoadAll();
        Assert.All(catalog.Records, r => Assert.Equal(PluginState.Loaded, r.State));

        var output = ChainBuilder.Build("wrapper-a | wrapper-b", catalog, Serilog.Log.Logger).Process(Frames.Constant(2, 2, 0));
        return [.. output.Provenance.Select(p => p.Notes["runtime"])];
    }
}
