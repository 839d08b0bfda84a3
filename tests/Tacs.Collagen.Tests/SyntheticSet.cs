using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;
using Tacs.Collagen.Synthesis;

namespace Tacs.Collagen.Tests;

/// <summary>A small synthetic set measured once and shared by the tests that need one (256×256, 20 per class).</summary>
public sealed class SyntheticSet
{
    public const int PerClass = 20;

    public SyntheticSet()
    {
        // Diffuse TACS-3 only: the tests on this set check the features that define each class all around the tumour.
        Options = new SynthOptions { Size = 256, BandWidth = 60, NoiseLevels = [new NoiseLevel("p30", 30, 3)], Tacs3Pattern = Tacs3Pattern.Diffuse };
        var samples = CollagenSynthesizer.GenerateSet(Options, PerClass, seed: 11).ToArray();
        Samples = samples;
        var measured = new (TrainingExample, double)[samples.Length];
        Parallel.For(0, samples.Length, i =>
        {
            var s = samples[i];
            var features = FibreFeatureExtractor.Extract(s.Clean, s.Width, s.Height, s.Boundary, new FeatureOptions { BandWidth = 60 });
            measured[i] = (new TrainingExample(s.Label.Name(), features, s.Id), s.Clean.Average());
        });
        Examples = [.. measured.Select(m => m.Item1)];
        MeanIntensity = [.. measured.Select(m => m.Item2)];
    }

    public SynthOptions Options { get; }

    public IReadOnlyList<SynthSample> Samples { get; }

    public IReadOnlyList<TrainingExample> Examples { get; }

    public IReadOnlyList<double> MeanIntensity { get; }
}
