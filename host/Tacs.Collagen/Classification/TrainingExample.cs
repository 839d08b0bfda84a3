using Tacs.Collagen.Features;

namespace Tacs.Collagen.Classification;

/// <summary>A measured image with its known class.</summary>
/// <param name="Label">Class name, such as <c>TACS-2</c>.</param>
/// <param name="Features">Its features.</param>
/// <param name="Id">Where it came from (file or sample id), for reports.</param>
public sealed record TrainingExample(string Label, FeatureVector Features, string Id = "");

/// <summary>What a model says about one image.</summary>
/// <param name="Label">Most probable class.</param>
/// <param name="Probabilities">Probability of every class the model knows, summing to 1.</param>
public sealed record TacsPrediction(string Label, IReadOnlyDictionary<string, double> Probabilities)
{
    /// <summary>Reasons to doubt the answer: the two most probable classes are close, or features lie outside
    /// what the model was trained on. Empty when the model has no doubt.</summary>
    public IReadOnlyList<string> Doubts { get; init; } = [];

    /// <summary>True when there is a reason to doubt <see cref="Label"/>.</summary>
    public bool Uncertain => Doubts.Count > 0;

    /// <summary>"uncertain" when in doubt, otherwise <see cref="Label"/>: the answer to show a person.</summary>
    public string Answer => Uncertain ? "uncertain" : Label;
}
