using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;
using Tacs.Collagen.Metrics;
using Tacs.Collagen.Synthesis;

namespace Tacs.Collagen.Tests.Synthesis;

public class SynthesizerTests(SyntheticSet set) : IClassFixture<SyntheticSet>
{
    [Fact]
    public void TheSameSeedGivesTheSameImages()
    {
        var options = new SynthOptions { Size = 128, BandWidth = 40 };
        var a = CollagenSynthesizer.Generate(options, TacsClass.Tacs3, seed: 5);
        var b = CollagenSynthesizer.Generate(options, TacsClass.Tacs3, seed: 5);
        var c = CollagenSynthesizer.Generate(options, TacsClass.Tacs3, seed: 6);

        Assert.Equal(a.Clean, b.Clean);
        Assert.Equal(a.Noisy.Select(n => n.Pixels), b.Noisy.Select(n => n.Pixels));
        Assert.Equal(a.Boundary.Mask, b.Boundary.Mask);
        Assert.NotEqual(a.Clean, c.Clean);
    }

    [Fact]
    public void NoisyImagesAreWhole16BitValuesAroundTheExpectedImage()
    {
        var options = new SynthOptions { Size = 128, BandWidth = 40 };
        var sample = CollagenSynthesizer.Generate(options, TacsClass.Tacs2, seed: 9);

        foreach (var noisy in sample.Noisy)
        {
            Assert.All(noisy.Pixels, v => Assert.True(v >= 0 && v <= 65535 && v == MathF.Round(v)));
            var expected = sample.ExpectedFor(noisy.Level);
            var bias = noisy.Pixels.Zip(expected, (n, e) => n - e).Average();
            Assert.InRange(bias, -2.0, 2.0); // Poisson–Gaussian noise is zero-mean around gain·photons + offset
        }

        // Fewer photons: more noise relative to the signal.
        double RelativeNoise(NoisyImage n) => Math.Sqrt(n.Pixels.Zip(sample.ExpectedFor(n.Level), (a, b) => (a - b) * (a - b)).Average()) / (sample.ExpectedFor(n.Level).Max() - options.Offset);
        var levels = sample.Noisy.OrderByDescending(n => n.Level.PeakPhotons).Select(RelativeNoise).ToArray();
        Assert.True(levels.Zip(levels.Skip(1)).All(p => p.First < p.Second), string.Join(", ", levels));
    }

    [Fact]
    public void ClassesDifferInTheFeaturesThatDefineThem()
    {
        double Mean(string label, string feature) => set.Examples.Where(e => e.Label == label).Average(e => e.Features[feature]);

        // TACS-2 parallel (small angle), TACS-3 perpendicular (large angle), TACS-1 in between (random).
        Assert.True(Mean("TACS-2", "boundary_rel_angle_mean") + 15 < Mean("TACS-1", "boundary_rel_angle_mean"));
        Assert.True(Mean("TACS-1", "boundary_rel_angle_mean") + 15 < Mean("TACS-3", "boundary_rel_angle_mean"));
        Assert.True(Mean("TACS-2", "boundary_frac_below_30") > 0.6);
        Assert.True(Mean("TACS-3", "boundary_frac_above_60") > 0.5);

        // TACS-1 is wavy, the others straight.
        Assert.True(Mean("TACS-1", "st_coherency_local") < Mean("TACS-2", "st_coherency_local") - 0.05);
        Assert.True(Mean("TACS-1", "st_coherency_local") < Mean("TACS-3", "st_coherency_local") - 0.05);
    }

    [Fact]
    public void ClassesAreNotSeparableByBrightnessOrDensityAlone()
    {
        // One-feature classifiers, cross-validated: near chance (1/3) on mean intensity and on area fraction,
        // while the full feature set separates the classes.
        var intensity = OneFeature("mean_intensity", i => set.MeanIntensity[i]);
        var density = OneFeature("area_fraction", i => set.Examples[i].Features["area_fraction"]);
        var full = CrossValidation.RepeatedStratifiedKFold(set.Examples, 4, 1, seed: 2);

        Assert.True(intensity.Accuracy.Mean < 0.55, $"mean intensity alone: {intensity.Accuracy}");
        Assert.True(density.Accuracy.Mean < 0.6, $"area fraction alone: {density.Accuracy}");
        // Since issue 20 the generator adds dense stroma, autofluorescence and background to every class: on this
        // small 256-px set (15 training images per class and fold) all features reach 0.87 ± 0.09 (seen), far
        // above chance (1/3); the 512-px benchmark measures the real figure.
        Assert.True(full.Accuracy.Mean > 0.8, $"all features: {full.Accuracy}");
    }

    [Fact]
    public void BadOptionsAreRefusedWithTheReason()
    {
        var size = Assert.Throws<ArgumentException>(() => CollagenSynthesizer.Generate(new SynthOptions { Size = 10 }, TacsClass.Tacs1, 1));
        Assert.Contains("size 10", size.Message, StringComparison.Ordinal);
        var clipping = Assert.Throws<ArgumentException>(() => CollagenSynthesizer.Generate(new SynthOptions { Gain = 100, NoiseLevels = [new NoiseLevel("bright", 5000, 1)] }, TacsClass.Tacs1, 1));
        Assert.Contains("clip", clipping.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => NoiseLevel.ParseList("30,abc", 3));
    }

    [Fact]
    public void FocalAndMixedTacs3PutPerpendicularFibresOnOneArcOnly()
    {
        foreach (var pattern in new[] { Tacs3Pattern.Focal, Tacs3Pattern.Mixed })
        {
            var options = new SynthOptions { Size = 256, BandWidth = 60, NoiseLevels = [], Tacs3Pattern = pattern };
            var samples = Enumerable.Range(0, 4).Select(i => CollagenSynthesizer.Generate(options, TacsClass.Tacs3, 40 + i)).ToArray();
            var features = samples.Select(s => FibreFeatureExtractor.Extract(s.Clean, s.Width, s.Height, s.Boundary, new FeatureOptions { BandWidth = 60 })).ToArray();

            Assert.All(samples, s => Assert.Equal(pattern, s.Nuisance.Pattern));
            Assert.All(samples, s => Assert.InRange(s.Nuisance.ArcCoverage, 0.2, 0.45));
            // The best arc is far more perpendicular than the band as a whole.
            Assert.True(features.Average(f => f["boundary_arc_max_frac_above_60"]) > features.Average(f => f["boundary_lw_frac_above_60"]) + 0.2,
                $"{pattern}: best arc {features.Average(f => f["boundary_arc_max_frac_above_60"]):F2}, band {features.Average(f => f["boundary_lw_frac_above_60"]):F2}");
        }

        Assert.Equal(Tacs3Pattern.Diffuse, CollagenSynthesizer.Generate(new SynthOptions { Size = 128, BandWidth = 30, NoiseLevels = [], Tacs3Pattern = Tacs3Pattern.Focal }, TacsClass.Tacs2, 3).Nuisance.Pattern);
        Assert.Equal(Tacs3Pattern.Mixed, Tacs3PatternNames.Parse("MIXED"));
        Assert.Contains("any, diffuse, focal, mixed", Assert.Throws<ArgumentException>(() => Tacs3PatternNames.Parse("sideways")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Tacs3PatternNames.Parse("2"));
    }

    [Fact]
    public void RealismAppearsInSomeImagesAndCanBeSwitchedOff()
    {
        var realistic = Enumerable.Range(0, 12).Select(i => CollagenSynthesizer.Generate(new SynthOptions { Size = 128, BandWidth = 30, NoiseLevels = [] }, TacsClass.Tacs1, 100 + i).Nuisance).ToArray();
        var classic = Enumerable.Range(0, 12).Select(i => CollagenSynthesizer.Generate(new SynthOptions { Size = 128, BandWidth = 30, NoiseLevels = [], Realism = false }, TacsClass.Tacs1, 100 + i).Nuisance).ToArray();

        Assert.Contains(realistic, n => n.DenseStroma);
        Assert.Contains(realistic, n => n.Autofluorescence > 0);
        Assert.All(classic, n => Assert.False(n.DenseStroma));
        Assert.All(classic, n => Assert.Equal(0, n.Autofluorescence));
        Assert.All(classic, n => Assert.InRange(n.Background, 0.02, 0.10));
    }

    private CrossValidationResult OneFeature(string name, Func<int, double> value)
    {
        var examples = set.Examples.Select((e, i) => e with { Features = new FeatureVector([name], [value(i)], false, []) }).ToArray();
        return CrossValidation.RepeatedStratifiedKFold(examples, 4, 2, seed: 2, new TrainingOptions { FeatureNames = [name] });
    }
}
