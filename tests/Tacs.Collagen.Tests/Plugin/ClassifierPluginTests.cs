using Serilog.Core;
using Tacs.Collagen.Boundaries;
using Tacs.Collagen.Synthesis;
using Tacs.Host.Chains;
using Tacs.Host.Plugins;
using Tacs.Sdk.Frames;

namespace Tacs.Collagen.Tests.Plugin;

/// <summary>The plugins folder of the build, loaded once for all plugin tests.</summary>
public sealed class PluginFolder : IDisposable
{
    public PluginFolder()
    {
        Catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = Find() }, Logger.None);
        Catalog.LoadAll();
    }

    public PluginCatalog Catalog { get; }

    public void Dispose() => Catalog.Dispose();

    private static string Find()
    {
        // The tacs build of this test assembly's own configuration (artifacts/tacs for Release, artifacts/tacs-debug otherwise).
        var app = System.Reflection.CustomAttributeExtensions.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>(typeof(PluginFolder).Assembly).First(a => a.Key == "TacsAppDir").Value!;
        var folder = Path.Combine(app, "plugins");
        Assert.True(File.Exists(Path.Combine(folder, "Tacs.Classifier", "Tacs.Classifier.dll")), $"{folder}/Tacs.Classifier is missing: build the solution first (dotnet build Tacs.sln).");
        return folder;
    }
}

/// <summary>The built plugin, loaded from the plugins folder into its own load context as the host loads it.</summary>
public sealed class ClassifierPluginTests(PluginFolder plugins) : IClassFixture<PluginFolder>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tacs-plugin-").FullName;
    private readonly PluginCatalog _catalog = plugins.Catalog;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ThePluginLoadsAndClassifiesInAChainWithABoundary()
    {
        var record = Assert.Single(_catalog.Records, r => r.Id == "tacs.classifier");
        Assert.True(record.State == PluginState.Loaded, record.Error);
        var (frame, boundary) = Sample(TacsClass.Tacs3, seed: 21);

        var chain = ChainBuilder.Build($"gaussian(sigma=1) | classifier(boundary={boundary})", _catalog, Logger.None);
        var result = chain.Process(frame);

        var analysis = Assert.Single(result.Analyses);
        Assert.Equal("tacs.classifier", analysis.PluginId);
        Assert.Equal("TACS-3", analysis.Label);
        Assert.Equal(1.0, analysis.Probabilities.Values.Sum(), 6);
        Assert.Contains("boundary_rel_angle_mean", analysis.Features.Keys);
        var step = result.Provenance[^1];
        Assert.Equal("TACS-3", step.Notes["label"]);
        Assert.Equal("default.zip", step.Notes["model"]);
    }

    [Fact]
    public void WithoutABoundaryTheBoundaryFreeModelIsUsedAndTheNotesSaySo()
    {
        var (frame, _) = Sample(TacsClass.Tacs1, seed: 22);

        var result = ChainBuilder.Build("classifier", _catalog, Logger.None).Process(frame);

        var analysis = Assert.Single(result.Analyses);
        Assert.NotNull(analysis.Label);
        Assert.DoesNotContain("boundary_rel_angle_mean", analysis.Features.Keys);
        Assert.Contains(analysis.Notes, n => n.Contains("boundary-free features only", StringComparison.Ordinal));
        Assert.Equal("boundary-free.zip", result.Provenance[^1].Notes["model"]);
    }

    [Fact]
    public void ParallelCallsGiveTheSameResultsAsSequentialOnes()
    {
        var inputs = Enumerable.Range(0, 4).Select(i => Sample(TacsClassNames.All[i % 3], seed: 30 + i)).ToArray();
        var chains = inputs.Select(i => ChainBuilder.Build($"classifier(boundary={i.Boundary})", _catalog, Logger.None)).ToArray();
        var sequential = inputs.Select((input, i) => chains[i].Process(input.Frame).Analyses[0]).ToArray();

        var parallel = new AnalysisResult[inputs.Length];
        Parallel.For(0, inputs.Length, i => parallel[i] = chains[i].Process(inputs[i].Frame).Analyses[0]);

        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(sequential[i].Label, parallel[i].Label);
            Assert.Equal(sequential[i].Probabilities, parallel[i].Probabilities);
        }
    }

    [Fact]
    public void AMalformedBoundaryFileFailsTheStepWithItsReason()
    {
        var (frame, _) = Sample(TacsClass.Tacs2, seed: 23);
        var bad = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(bad, "x,y\n1,2\nthree,4\n5,6\n");

        var error = Assert.Throws<StepFailedException>(() => ChainBuilder.Build($"classifier(boundary={bad})", _catalog, Logger.None).Process(frame));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingModelFileIsRefusedWhenTheChainIsBuilt()
    {
        var error = Assert.Throws<ChainException>(() => ChainBuilder.Build($"classifier(model={Path.Combine(_folder, "none.zip")})", _catalog, Logger.None));

        Assert.Contains("names no existing file", error.Message, StringComparison.Ordinal);
    }

    private (ImageFrame Frame, string Boundary) Sample(TacsClass label, int seed)
    {
        var sample = CollagenSynthesizer.Generate(new SynthOptions { Size = 512, NoiseLevels = [new NoiseLevel("p30", 30, 3)] }, label, seed);
        var path = Path.Combine(_folder, $"{seed}.csv");
        BoundaryFiles.WritePolygon(path, sample.Boundary.Polygon);
        return (new ImageFrame(sample.Width, sample.Height, sample.Noisy[0].Pixels, SampleFormat.UInt16), path);
    }
}
