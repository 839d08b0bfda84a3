using Tacs.Collagen.Boundaries;

namespace Tacs.Collagen.Features;

/// <summary>The features of one image with what they were measured from, for overlays and checks.</summary>
/// <param name="Features">The feature vector.</param>
/// <param name="Fibres">Traced fibres (skeleton pieces), image coordinates.</param>
/// <param name="Arcs">Boundary arcs that had enough band fibres to be scored (empty without a boundary).</param>
/// <param name="Boundary">The boundary used, or null.</param>
/// <param name="BandWidth">Band width used, px.</param>
public sealed record FibreAnalysis(FeatureVector Features, IReadOnlyList<TracedFibre> Fibres, IReadOnlyList<ArcScore> Arcs, TumourBoundary? Boundary, double BandWidth);
