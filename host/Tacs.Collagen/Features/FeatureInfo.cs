namespace Tacs.Collagen.Features;

/// <summary>What a feature means: the single source for the documentation, the CSV headers and the model schema.</summary>
/// <param name="Name">Column name, such as <c>fibre_alignment</c>.</param>
/// <param name="Definition">How it is computed, in one or two sentences.</param>
/// <param name="Unit">Unit (px, degrees, 1 for ratios).</param>
/// <param name="Range">Possible values.</param>
/// <param name="NeedsBoundary">True when it is measured against the tumour boundary.</param>
/// <param name="UsedByClassifier">False for features reported only (absolute orientation, size-dependent counts).</param>
/// <param name="Reference">Where the measure comes from.</param>
public sealed record FeatureInfo(string Name, string Definition, string Unit, string Range, bool NeedsBoundary, bool UsedByClassifier, string Reference);
