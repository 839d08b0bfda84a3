using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;

namespace Tacs.Collagen.Tests.Classification;

/// <summary>The model says "uncertain", with the reason, when classes are split or an image is unlike its training set.</summary>
public sealed class DoubtTests : IDisposable
{
    private static readonly string[] Names = ["fibre_alignment", "area_fraction"];
    private readonly string _folder = Directory.CreateTempSubdirectory("tacs-doubt").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AnImageOutsideTheTrainingRangeIsUncertainAndTheReasonNamesTheFeature()
    {
        var model = TacsModel.Train(Separable(), new TrainingOptions { FeatureNames = Names, Trees = 20 });
        var path = Path.Combine(_folder, "m.zip");
        model.Save(path);
        var loaded = TacsModel.Load(path);

        var inside = loaded.Predict(Vector(0.15, 0.15));
        var outside = loaded.Predict(Vector(0.15, 7.5));

        Assert.False(inside.Uncertain, string.Join("; ", inside.Doubts));
        Assert.Equal(inside.Label, inside.Answer);
        Assert.True(outside.Uncertain);
        Assert.Equal("uncertain", outside.Answer);
        var reason = Assert.Single(outside.Doubts);
        Assert.Contains("area_fraction 7.5 outside training range", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("fibre_alignment", reason, StringComparison.Ordinal);
        Assert.NotNull(loaded.Metadata.FeatureSupport);
        Assert.Equal(0.2, loaded.Metadata.DoubtMargin);
    }

    [Fact]
    public void TwoClassesTheModelCannotTellApartGiveASplitDoubt()
    {
        var examples = new List<TrainingExample>();
        var random = new Random(4);
        for (var i = 0; i < 40; i++)
        {
            var (a, b) = (random.NextDouble() * 0.2, random.NextDouble() * 0.2);
            examples.Add(new TrainingExample("TACS-1", Vector(a, b)));
            examples.Add(new TrainingExample("TACS-2", Vector(a, b))); // the same images labelled twice
            examples.Add(new TrainingExample("TACS-3", Vector(0.8 + (0.2 * random.NextDouble()), 0.8 + (0.2 * random.NextDouble()))));
        }

        var model = TacsModel.Train(examples, new TrainingOptions { FeatureNames = Names, Trees = 20 });

        var prediction = model.Predict(Vector(0.1, 0.1));

        Assert.True(prediction.Uncertain, $"{prediction.Probabilities["TACS-1"]} vs {prediction.Probabilities["TACS-2"]}");
        Assert.Contains(prediction.Doubts, d => d.StartsWith("split: TACS-", StringComparison.Ordinal) && d.Contains("gap < 0.2", StringComparison.Ordinal));
        Assert.False(model.Predict(Vector(0.9, 0.9)).Uncertain);
    }

    [Fact]
    public void BatchPredictionsCarryTheSameDoubts()
    {
        var model = TacsModel.Train(Separable(), new TrainingOptions { FeatureNames = Names, Trees = 20 });
        FeatureVector[] vectors = [Vector(0.15, 0.15), Vector(-3, 0.15)];

        var batch = model.PredictMany(vectors);

        Assert.Equal(vectors.Select(v => model.Predict(v).Doubts.Count), batch.Select(p => p.Doubts.Count));
        Assert.True(batch[1].Uncertain);
    }

    private static List<TrainingExample> Separable()
    {
        var random = new Random(2);
        var examples = new List<TrainingExample>();
        for (var i = 0; i < 30; i++)
        {
            examples.Add(new TrainingExample("TACS-1", Vector(0.1 + (0.1 * random.NextDouble()), 0.1 + (0.1 * random.NextDouble()))));
            examples.Add(new TrainingExample("TACS-2", Vector(0.5 + (0.1 * random.NextDouble()), 0.5 + (0.1 * random.NextDouble()))));
            examples.Add(new TrainingExample("TACS-3", Vector(0.9 + (0.1 * random.NextDouble()), 0.9 + (0.1 * random.NextDouble()))));
        }

        return examples;
    }

    private static FeatureVector Vector(double alignment, double area) => new(Names, [alignment, area], false, []);
}
