namespace Tacs.Sdk.Frames;

/// <summary>What an analyser or classifier found in a frame.</summary>
/// <param name="PluginId">Id of the analyser that produced it.</param>
/// <param name="Label">Predicted class, or null for analysers that do not classify.</param>
/// <param name="Probabilities">Probability of each class name; empty when not a classifier.</param>
/// <param name="Features">Named measurements (for example <c>coherency</c>).</param>
public sealed record AnalysisResult(
    string PluginId,
    string? Label,
    IReadOnlyDictionary<string, double> Probabilities,
    IReadOnlyDictionary<string, double> Features)
{
    /// <summary>Free-text remarks for the user (for example "no boundary given: boundary features left out").</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
