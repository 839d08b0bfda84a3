using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;
using Tacs.Collagen.Synthesis;
using Tacs.Host.Imaging;

namespace Tacs.Collagen.Tests.Features;

public class RealImageTests(SyntheticSet set) : IClassFixture<SyntheticSet>
{
    [Fact]
    public void RealShgImagesGoThroughFeaturesAndABoundaryFreeModel()
    {
        var folder = SharedData("shg");
        var files = ImageFiles.InFolder(folder);
        Assert.NotEmpty(files);
        var free = set.Samples.Select(s => new TrainingExample(s.Label.Name(), FibreFeatureExtractor.Extract(s.Clean, s.Width, s.Height, null))).ToArray();
        var model = TacsModel.Train(free, new TrainingOptions { Trees = 10 });

        foreach (var file in files)
        {
            using var source = ImageFiles.Open(file);
            var frame = source.ReadPage(0);
            var features = FibreFeatureExtractor.Extract(frame, null);

            Assert.False(features.BoundaryUsed);
            Assert.Contains(features.Notes, n => n.Contains("boundary-free features only", StringComparison.Ordinal));
            Assert.True(features["fibre_count"] > 0, $"{file}: no fibres found");
            var prediction = model.Predict(features);
            Assert.Contains(prediction.Label, model.Classes);
        }
    }

    private static string SharedData(string sub)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tacs.sln")))
            {
                var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", sub));
                Assert.True(Directory.Exists(path), $"Shared data folder {path} is missing: this test needs ../shared/data/{sub} next to the repository (see ../shared/data/README.md).");
                return path;
            }
        }

        Assert.Fail("Repository root (Tacs.sln) not found above the test binaries.");
        return string.Empty;
    }
}
