namespace Tacs.Collagen.Features;

/// <summary>
/// The fibre features this library computes, in a fixed order, and the version of their definitions.
/// A model stores the version it was trained with and is refused by a build whose version differs.
/// </summary>
public static class FeatureCatalog
{
    /// <summary>Version of the feature definitions; bump it whenever a definition or parameter changes.</summary>
    public const string Version = "1.2";

    /// <summary>Every feature, boundary-free ones first.</summary>
    public static IReadOnlyList<FeatureInfo> All { get; } =
    [
        new("st_coherency_local", "Structure tensor J = ⟨∇f∇fᵀ⟩ over a Gaussian window (σ = 4 px); local coherency √((Jyy−Jxx)²+4Jxy²)/(Jxx+Jyy), averaged with weight Jxx+Jyy (energy).", "1", "0–1", false, true, "OrientationJ; Rezakhaniha et al. 2012"),
        new("st_coherency_global", "Coherency of the structure tensor summed over the whole image: how much one direction dominates the image.", "1", "0–1", false, true, "OrientationJ; TWOMBLI alignment"),
        new("st_orientation_deg", "Dominant fibre direction of the summed structure tensor, counter-clockwise from the x axis with y up. Reported only: it depends on how the sample lies.", "degrees", "0–180", false, false, "OrientationJ"),
        new("fibre_alignment", "Alignment of the traced fibres' directions θ: |mean e^{2iθ}|.", "1", "0–1", false, true, "CurveAlign"),
        new("fibre_count", "Number of traced fibres (skeleton segments between end and branch points, ≥ 10 px). Reported only: it grows with the image area.", "fibres", "≥ 0", false, false, "CT-FIRE"),
        new("fibre_length_mean", "Mean path length of the traced fibres.", "px", "≥ 10", false, true, "CT-FIRE"),
        new("fibre_straightness_mean", "Mean straightness: end-to-end distance ÷ path length per fibre.", "1", "0–1", false, true, "CT-FIRE"),
        new("fibre_width_mean", "Mean fibre width: per fibre the median chord of the fibre mask along rays cast perpendicular to the skeleton.", "px", "≥ 1", false, true, "quanfima (Shkarin et al. 2019)"),
        new("skeleton_length_density", "Total skeleton length per 10 000 px² of image.", "px / 10⁴ px²", "≥ 0", false, true, "TWOMBLI total length"),
        new("end_points_per_100px", "Skeleton end points (one neighbour) per 100 px of skeleton: high for short, broken, wavy fibres.", "1 / 100 px", "≥ 0", false, true, "TWOMBLI end points"),
        new("branch_points_per_100px", "Skeleton branch points (three or more neighbours) per 100 px of skeleton: high for crossing, meshed fibres.", "1 / 100 px", "≥ 0", false, true, "TWOMBLI branch points"),
        new("area_fraction", "Fraction of the image covered by the fibre mask (ridge filter and Otsu threshold); 1 − porosity.", "1", "0–1", false, true, "quanfima porosity; TWOMBLI HDM"),
        new("fibres_per_box", "Mean number of fibre centres in the 64 × 64 px box centred on each fibre (local density).", "fibres", "≥ 1", false, true, "CT-FIRE box density"),
        new("boundary_rel_angle_mean", "Mean angle between each fibre within the band (outside the tumour, ≤ band px from the boundary) and the local boundary tangent.", "degrees", "0–90", true, true, "CurveAlign relative angle"),
        new("boundary_frac_above_60", "Fraction of band fibres at more than 60° to the boundary (perpendicular: TACS-3).", "1", "0–1", true, true, "Provenzano et al. 2006; CurveAlign"),
        new("boundary_frac_below_30", "Fraction of band fibres at less than 30° to the boundary (parallel: TACS-2).", "1", "0–1", true, true, "Provenzano et al. 2006/2008"),
        new("boundary_st_rel_angle_mean", "Pixel-wise version of the relative angle: structure-tensor fibre direction against the boundary tangent, averaged over the band with weight energy × coherency.", "degrees", "0–90", true, true, "OrientationJ + CurveAlign"),
        new("boundary_rel_alignment", "Alignment of band fibres relative to the boundary: |mean e^{2iψ}| with ψ the fibre angle minus the normal's angle; near 1 when all run parallel or all perpendicular.", "1", "0–1", true, true, "CurveAlign alignment, boundary frame"),
        new("boundary_fibre_distance_mean", "Mean distance of band fibres' mid-points to the boundary.", "px", "0–band", true, true, "CurveAlign distance to boundary"),
        new("boundary_band_area_fraction", "Fraction of the band covered by the fibre mask (collagen density next to the tumour).", "1", "0–1", true, true, "Provenzano et al. 2006 (TACS-1 dense)"),
        new("boundary_band_straightness", "Mean straightness of band fibres.", "1", "0–1", true, true, "CT-FIRE, band only"),
        new("boundary_lw_frac_above_60", "Fibre-length-weighted fraction of band fibres at more than 60° to the boundary (short noise fragments count little).", "1", "0–1", true, true, "Provenzano et al. 2006, length-weighted"),
        new("boundary_lw_frac_below_30", "Fibre-length-weighted fraction of band fibres at less than 30° to the boundary.", "1", "0–1", true, true, "Provenzano et al. 2006, length-weighted"),
        new("boundary_arc_max_frac_above_60", "Largest length-weighted fraction of fibres at more than 60° over arcs of the boundary (arcs 2 × band long, every ½ band, ≥ 5 band fibres each, a fibre on the arc of its nearest boundary point): high for focal TACS-3.", "1", "0–1", true, true, "this project (issue 20); CurveAlign per-boundary-point angles"),
        new("boundary_arc_max_frac_below_30", "Largest length-weighted fraction of fibres at less than 30° over the same arcs.", "1", "0–1", true, true, "this project (issue 20)"),
        new("boundary_arc_perpendicular_coverage", "Fraction of the scored arcs where more than half of the fibre length runs at more than 60° to the boundary: how far around the tumour TACS-3 reaches.", "1", "0–1", true, true, "this project (issue 20)"),
        new("boundary_arc_peak_straightness", "Length-weighted mean straightness of the fibres on the arc with the largest perpendicular fraction: straight bundles (TACS-3) or wavy collagen that happens to point outwards (TACS-1).", "1", "0–1", true, true, "this project (issue 20); CT-FIRE straightness"),
        new("boundary_arc_max_straight_perpendicular", "Largest length of straight (straightness ≥ 0.9) fibres at more than 60° to the boundary per px of arc, over the arcs.", "px / px", "≥ 0", true, true, "this project (issue 20)"),
        new("boundary_st_frac_above_60", "Pixel-wise perpendicular fraction: share of the band's structure-tensor weight (energy × coherency) whose direction lies at more than 60° to the boundary. Survives noise that breaks traced fibres.", "1", "0–1", true, true, "OrientationJ + Provenzano et al. 2006"),
        new("boundary_st_frac_below_30", "Pixel-wise parallel fraction: share of that weight at less than 30° to the boundary.", "1", "0–1", true, true, "OrientationJ + Provenzano et al. 2006"),
        new("boundary_arc_st_max_frac_above_60", "Largest pixel-wise perpendicular fraction over the boundary arcs (band pixels on a 3 px grid, each on the arc of its nearest boundary point).", "1", "0–1", true, true, "this project (issue 20)"),
        new("boundary_arc_st_max_frac_below_30", "Largest pixel-wise parallel fraction over the boundary arcs.", "1", "0–1", true, true, "this project (issue 20)"),
        new("boundary_st_order", "Pixel-wise orientation order over the band: Σ(tᵀJt − nᵀJn) ÷ Σ(Jxx + Jyy), J the structure tensor (σ = 1 px smoothing, 4 px window), n the boundary's outward normal, t its tangent; +1 when all fibres run perpendicular to the boundary, −1 parallel, 0 isotropic. Noise adds to the denominator only, so unlike the thresholded fractions it keeps its sign at any noise level.", "1", "−1–1", true, true, "this project (issue 20); structure tensor in the boundary frame"),
        new("boundary_arc_st_max_order", "Largest orientation order over the boundary arcs (as boundary_st_order, per arc; arcs 2 × band long, one every ¼ band, ≥ 50 band pixels on a 3 px grid each): high for focal TACS-3.", "1", "−1–1", true, true, "this project (issue 20)"),
        new("boundary_arc_st_min_order", "Smallest orientation order over the arcs: low where collagen runs parallel to the boundary (TACS-2).", "1", "−1–1", true, true, "this project (issue 20)"),
        new("boundary_coarse_order", "Orientation order over the band as boundary_st_order, from the image smoothed at σ = 5 px: white noise's gradients fade with the fourth power of the scale, a bundle's much more slowly, so it holds at 1 photon; closely spaced fibres blur into one band there, which the 1 px order still resolves.", "1", "−1–1", true, true, "this project (issue 20)"),
        new("boundary_arc_coarse_max_order", "Largest coarse (σ = 5 px) orientation order over the arcs: focal TACS-3 through heavy noise.", "1", "−1–1", true, true, "this project (issue 20)"),
        new("boundary_arc_coarse_min_order", "Smallest coarse orientation order over the arcs.", "1", "−1–1", true, true, "this project (issue 20)"),
        new("boundary_arc_peak_x", "x of the middle of the arc with the largest perpendicular fraction (−1 when no arc had enough fibres). Reported only: where on the boundary TACS-3 is.", "px", "−1, 0–width", true, false, "this project (issue 20)"),
        new("boundary_arc_peak_y", "y of the middle of that arc (−1 when none). Reported only.", "px", "−1, 0–height", true, false, "this project (issue 20)"),
    ];

    /// <summary>Names of the features that need no boundary.</summary>
    public static IReadOnlyList<string> BoundaryFreeNames { get; } = [.. All.Where(f => !f.NeedsBoundary).Select(f => f.Name)];

    /// <summary>Features a model uses: all classifier features, or the boundary-free ones.</summary>
    /// <param name="withBoundary">True for a model that needs a boundary.</param>
    public static IReadOnlyList<string> ClassifierNames(bool withBoundary) =>
        [.. All.Where(f => f.UsedByClassifier && (withBoundary || !f.NeedsBoundary)).Select(f => f.Name)];

    /// <summary>The description of <paramref name="name"/>.</summary>
    /// <param name="name">A feature name.</param>
    /// <exception cref="KeyNotFoundException">No such feature.</exception>
    public static FeatureInfo Get(string name) =>
        All.FirstOrDefault(f => f.Name == name) ?? throw new KeyNotFoundException($"No feature named '{name}'.");
}
