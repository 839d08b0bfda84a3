using System.IO.Compression;
using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;
using Tacs.Collagen.Synthesis;

namespace Tacs.Collagen.Tests.Classification;

public sealed class ModelTests(SyntheticSet set) : IClassFixture<SyntheticSet>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tacs-model-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TrainSaveLoadPredictGivesIdenticalPredictions()
    {
        var model = TacsModel.Train(set.Examples, new TrainingOptions { Trees = 20, Command = "test" });
        var path = Path.Combine(_folder, "model.zip");
        model.Save(path);
        var loaded = TacsModel.Load(path);

        var features = set.Examples.Select(e => e.Features).ToArray();
        var before = features.Select(model.Predict).ToArray();
        var after = features.Select(loaded.Predict).ToArray();
        var batch = loaded.PredictMany(features);

        Assert.Equal(model.FeatureNames, loaded.FeatureNames);
        Assert.Equal(["TACS-1", "TACS-2", "TACS-3"], loaded.Classes);
        Assert.Equal(FeatureCatalog.Version, loaded.Metadata.FeatureVersion);
        Assert.Equal("test", loaded.Metadata.Command);
        Assert.Equal((20, 128, 10), (loaded.Metadata.Trees, loaded.Metadata.Leaves, loaded.Metadata.MinimumExamplesPerLeaf));
        for (var i = 0; i < features.Length; i++)
        {
            Assert.Equal(before[i].Label, after[i].Label);
            Assert.Equal(before[i].Label, batch[i].Label);
            Assert.Equal(before[i].Probabilities, after[i].Probabilities);
            Assert.Equal(1.0, after[i].Probabilities.Values.Sum(), 6);
        }
    }

    [Fact]
    public void AModelOfAnotherFeatureVersionIsRefused()
    {
        var path = Path.Combine(_folder, "old.zip");
        TacsModel.Train(set.Examples, new TrainingOptions { Trees = 5 }).Save(path);
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var entry = archive.GetEntry("tacs-model.json")!;
            string json;
            using (var reader = new StreamReader(entry.Open()))
            {
                json = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(archive.CreateEntry("tacs-model.json").Open());
            writer.Write(json.Replace($"\"FeatureVersion\": \"{FeatureCatalog.Version}\"", "\"FeatureVersion\": \"0.1\"", StringComparison.Ordinal));
        }

        var error = Assert.Throws<ModelException>(() => TacsModel.Load(path));
        Assert.Contains("feature version 0.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Retrain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABoundaryModelWithoutABoundaryTellsTheUserWhatToGive()
    {
        var model = TacsModel.Train(set.Examples, new TrainingOptions { Trees = 5 });
        var sample = set.Samples[0];
        var free = FibreFeatureExtractor.Extract(sample.Clean, sample.Width, sample.Height, null);

        var error = Assert.Throws<ModelException>(() => model.Predict(free));
        Assert.Contains("needs a tumour boundary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABoundaryFreeModelIsTrainedFromBoundaryFreeFeatures()
    {
        var free = set.Samples.Select(s => new TrainingExample(s.Label.Name(), FibreFeatureExtractor.Extract(s.Clean, s.Width, s.Height, null))).ToArray();

        var model = TacsModel.Train(free, new TrainingOptions { Trees = 5 });

        Assert.False(model.NeedsBoundary);
        Assert.DoesNotContain(model.FeatureNames, n => n.StartsWith("boundary_", StringComparison.Ordinal));
        Assert.DoesNotContain("st_orientation_deg", model.FeatureNames);
    }

    [Fact]
    public void DamagedOrForeignModelFilesGiveClearErrors()
    {
        var missing = Assert.Throws<ModelException>(() => TacsModel.Load(Path.Combine(_folder, "none.zip")));
        Assert.Contains("not found", missing.Message, StringComparison.Ordinal);

        var text = Path.Combine(_folder, "text.zip");
        File.WriteAllText(text, "not a zip");
        Assert.Contains("could not be read", Assert.Throws<ModelException>(() => TacsModel.Load(text)).Message, StringComparison.Ordinal);

        var foreign = Path.Combine(_folder, "foreign.zip");
        using (var archive = ZipFile.Open(foreign, ZipArchiveMode.Create))
        {
            archive.CreateEntry("readme.txt");
        }

        Assert.Contains("not a Tacs model", Assert.Throws<ModelException>(() => TacsModel.Load(foreign)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingNeedsTwoClassesWithTwoExamplesEach()
    {
        var one = set.Examples.Where(e => e.Label == "TACS-1").ToArray();
        Assert.Throws<ArgumentException>(() => TacsModel.Train(one));
    }

    [Theory]
    [InlineData(0, 128, 10, "Trees 0")]
    [InlineData(100, 1, 10, "Leaves 1")]
    [InlineData(100, 128, 0, "Fewest examples per leaf 0")]
    public void ForestSettingsOutOfRangeAreRefused(int trees, int leaves, int perLeaf, string message)
    {
        var options = new TrainingOptions { Trees = trees, Leaves = leaves, MinimumExamplesPerLeaf = perLeaf };
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => TacsModel.Train(set.Examples, options)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeeperTreesFitTheTrainingSetAtLeastAsWellAsShallowOnes()
    {
        // Leaves bound each tree's size: stumps of 2 leaves cannot separate three classes on the training images as
        // well as trees of 128 (what the option is for; a setting that did not reach ML.NET would make them equal).
        int Correct(int leaves)
        {
            var model = TacsModel.Train(set.Examples, new TrainingOptions { Trees = 5, Leaves = leaves, MinimumExamplesPerLeaf = 1 });
            return set.Examples.Zip(model.PredictMany([.. set.Examples.Select(e => e.Features)])).Count(z => z.First.Label == z.Second.Label);
        }

        var (stumps, deep) = (Correct(2), Correct(128));
        Assert.True(deep > stumps, $"128 leaves fit {deep} of {set.Examples.Count} training images, 2 leaves {stumps}");
    }
}
