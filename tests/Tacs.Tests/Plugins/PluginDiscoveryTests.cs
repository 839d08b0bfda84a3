using Tacs.Host.Chains;
using Tacs.Host.Plugins;
using Tacs.Sdk.Plugins;
using Tacs.Tests.Support;

namespace Tacs.Tests.Plugins;

public sealed class PluginDiscoveryTests
{
    [Fact]
    public void ShippedGaussianPluginLoadsFromItsBuildFolder()
    {
        using var folders = new PluginFolders();
        folders.AddShippedPlugin("Denoise.Gaussian");
        using var catalog = folders.Load();

        var record = Assert.Single(catalog.Records);
        Assert.Equal(PluginState.Loaded, record.State);
        Assert.Equal("denoise.gaussian", record.Id);
        Assert.Equal("denoiser", record.Kind);
        Assert.Equal(Tacs.Sdk.SdkInfo.Version, record.SdkVersion);
        Assert.IsAssignableFrom<IDenoiser>(catalog.Resolve("gaussian").Current.Plugin);
    }

    [Fact]
    public void AFolderWithSeveralPluginsLoadsEachAndTheyAreFoundByIdOrShortName()
    {
        using var folders = new PluginFolders();
        folders.AddTestPlugin("Kit");
        using var catalog = folders.Load();

        Assert.Equal(["test.mean", "test.offset", "test.sleep"], catalog.Records.Select(r => r.Id));
        Assert.All(catalog.Records, r => Assert.Equal(PluginState.Loaded, r.State));
        Assert.Same(catalog.Resolve("test.offset"), catalog.Resolve("OFFSET"));
        Assert.Equal("analyser", catalog.Records.First(r => r.Id == "test.mean").Kind);
    }

    [Fact]
    public void PluginTypesComeFromTheirOwnLoadContextButShareTheHostSdk()
    {
        using var folders = new PluginFolders();
        folders.AddTestPlugin("Kit");
        using var catalog = folders.Load();

        var plugin = catalog.Resolve("offset").Current.Plugin;
        var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(plugin.GetType().Assembly);
        Assert.NotSame(System.Runtime.Loader.AssemblyLoadContext.Default, context);
        Assert.True(context!.IsCollectible);
        Assert.Same(typeof(IPlugin).Assembly, plugin.GetType().GetInterface(nameof(IDenoiser))!.Assembly);
    }

    [Fact]
    public void APluginBuiltForANewerSdkIsListedAsFailedAndTheOthersWork()
    {
        using var folders = new PluginFolders();
        folders.AddTestPlugin("FutureSdk.Plugin");
        folders.AddTestPlugin("Kit");
        using var catalog = folders.Load();

        var failed = catalog.Records.Single(r => r.State == PluginState.Failed);
        Assert.Contains("built for SDK 9.0.0", failed.Error);
        Assert.Contains("this host has SDK 1.2.0", failed.Error);
        Assert.Equal(PluginState.Loaded, catalog.Records.Single(r => r.Id == "test.offset").State);
    }

    [Fact]
    public void ACorruptDllIsListedAsFailedWithTheReason()
    {
        using var folders = new PluginFolders();
        var broken = folders.AddFolder("Broken");
        File.WriteAllBytes(Path.Combine(broken, "Broken.dll"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
        folders.AddTestPlugin("Kit");
        using var catalog = folders.Load();

        var failed = catalog.Records.Single(r => r.State == PluginState.Failed);
        Assert.Equal("Broken", failed.Id);
        Assert.Contains("corrupt or not a .NET assembly", failed.Error);
        Assert.Equal(3, catalog.Slots.Count);
    }

    [Fact]
    public void APluginWhoseConstructorThrowsIsListedAsFailedWithTheException()
    {
        using var folders = new PluginFolders();
        folders.AddTestPlugin("Throwing");
        folders.AddTestPlugin("Kit");
        using var catalog = folders.Load();

        var failed = catalog.Records.Single(r => r.State == PluginState.Failed);
        Assert.Contains("ThrowingDenoiser failed while being created", failed.Error);
        Assert.Contains("model file missing", failed.Error);
        Assert.Equal(3, catalog.Slots.Count);
    }

    [Fact]
    public void OfTwoPluginsWithTheSameIdTheFirstLoadedRunsAndTheOtherIsFailedAndNamed()
    {
        using var folders = new PluginFolders();
        folders.AddTestPlugin("Swap.V1", "SwapA");
        folders.AddTestPlugin("Swap.V2", "SwapB");
        folders.AddTestPlugin("Kit");
        using var catalog = folders.Load();

        var twins = catalog.Records.Where(r => r.Id == "test.swap").ToDictionary(r => Path.GetFileName(r.Folder));
        Assert.Equal(PluginState.Loaded, twins["SwapA"].State);
        Assert.Contains("Also claimed by SwapB", twins["SwapA"].Error);
        Assert.Equal(PluginState.Failed, twins["SwapB"].State);
        Assert.Contains("Duplicate id 'test.swap': SwapA (1.0.0) already provides it, so this copy in SwapB is not used", twins["SwapB"].Error);
        Assert.Equal("1.0.0", catalog.Resolve("swap").Current.Manifest.Version);
        Assert.Equal(4, catalog.Slots.Count);
    }

    [Fact]
    public void AnEmptyFolderAndAManagedDllThatIsNoPluginAreReported()
    {
        using var folders = new PluginFolders();
        folders.AddFolder("Empty");
        var notPlugin = folders.AddFolder("NotAPlugin");
        File.Copy(typeof(Serilog.ILogger).Assembly.Location, Path.Combine(notPlugin, "NotAPlugin.dll"));
        using var catalog = folders.Load();

        Assert.Contains("No plugin assembly", catalog.Records.Single(r => r.Id == "Empty").Error);
        Assert.Contains("does not reference Tacs.Sdk", catalog.Records.Single(r => r.Id == "NotAPlugin").Error);
    }

    [Fact]
    public void AMissingPluginsFolderGivesAnEmptyCatalogAndAClearResolveError()
    {
        using var temp = new TempFolder();
        using var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = temp.File("nowhere") }, new Serilog.LoggerConfiguration().CreateLogger());
        catalog.LoadAll();

        Assert.Empty(catalog.Records);
        var error = Assert.Throws<ChainException>(() => ChainBuilder.Build("gaussian", catalog, Serilog.Log.Logger));
        Assert.Contains("no plugins are loaded", error.Message);
    }
}
