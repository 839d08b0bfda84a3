using Tacs.Host.Chains;
using Tacs.Host.Plugins;
using Tacs.Tests.Support;

namespace Tacs.Tests.Plugins;

/// <summary>A lab plugin cannot silently take a shipped plugin's place: a reused id is refused while the shipped one
/// runs, and a reused short name makes the short name ambiguous, with the candidates named, while full ids work.</summary>
public sealed class NameClashTests : IDisposable
{
    private readonly PluginFolders _folders = new();
    private readonly PluginCatalog _catalog;

    public NameClashTests()
    {
        // "Aaa" sorts before "Denoise.Gaussian": the shipped plugin must win although it loads later by name.
        _folders.AddTestPlugin("Namesakes", "Aaa");
        _folders.AddShippedPlugin("Denoise.Gaussian");
        _catalog = _folders.Load();
    }

    [Fact]
    public void ALabPluginReusingAShippedIdIsRefusedAndTheShippedOneKeepsRunning()
    {
        var records = _catalog.Records.Where(r => r.Id == "denoise.gaussian").ToDictionary(r => Path.GetFileName(r.Folder));

        Assert.Equal(PluginState.Loaded, records["Denoise.Gaussian"].State);
        Assert.Equal(PluginState.Failed, records["Aaa"].State);
        Assert.Contains("Duplicate id 'denoise.gaussian': Denoise.Gaussian (1.0.0) already provides it, so this copy in Aaa is not used", records["Aaa"].Error);
        var output = ChainBuilder.Build("denoise.gaussian(sigma=1)", _catalog, Serilog.Log.Logger).Process(Frames.Constant(8, 8, 5));
        Assert.All(output.Pixels, p => Assert.Equal(5f, p, 3));
        Assert.Equal("1.0.0", output.Provenance.Single().PluginVersion);
    }

    [Fact]
    public void AnAmbiguousShortNameIsRefusedNamingTheCandidatesAndFullIdsWork()
    {
        var error = Assert.Throws<ChainException>(() => ChainBuilder.Build("gaussian(sigma=1)", _catalog, Serilog.Log.Logger));

        Assert.Contains("Step 1 'gaussian': 'gaussian' is ambiguous: it is the short name of denoise.gaussian 1.0.0 (folder Denoise.Gaussian) and lab.other.gaussian 1.0.0 (folder Aaa)", error.Message);
        Assert.Contains("Write the full id", error.Message);
        var output = ChainBuilder.Build("lab.other.gaussian(sigma=2) | denoise.gaussian(sigma=1)", _catalog, Serilog.Log.Logger).Process(Frames.Constant(8, 8, 5));
        Assert.Equal(["lab.other.gaussian", "denoise.gaussian"], output.Provenance.Select(p => p.PluginId));
        Assert.All(output.Pixels, p => Assert.Equal(7f, p, 3));
    }

    public void Dispose()
    {
        _catalog.Dispose();
        _folders.Dispose();
    }
}
