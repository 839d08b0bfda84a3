namespace Tacs.Host.Synthetic.Scenes;

/// <summary>
/// The kinds of fluorescence structure <see cref="StructureScene"/> draws. The first four are what the shipped DRUNet
/// weights are trained on; <see cref="Filaments"/> and <see cref="Fibres"/> are kept out of training so that the
/// benchmark can measure the weights on structure they never saw.
/// </summary>
public enum StructureKind
{
    /// <summary>Diffraction-limited puncta and small vesicles, sparse or dense.</summary>
    Spots,

    /// <summary>Cell outlines of a packed tissue (a membrane stain): thin closed polygons.</summary>
    Membranes,

    /// <summary>Cells filled with smooth, textured cytoplasm of varying brightness.</summary>
    Cytoplasm,

    /// <summary>Nuclei: filled ellipses with chromatin texture and bright nucleoli.</summary>
    Nuclei,

    /// <summary>Held out of training: thin curved filaments (a microtubule or actin stain).</summary>
    Filaments,

    /// <summary>Held out of training: dense bundles of long, roughly aligned fibres (collagen in SHG).</summary>
    Fibres,
}

/// <summary>Which kinds go where.</summary>
public static class StructureKinds
{
    /// <summary>Kinds the shipped weights are trained on.</summary>
    public static IReadOnlyList<StructureKind> Training { get; } = [StructureKind.Spots, StructureKind.Membranes, StructureKind.Cytoplasm, StructureKind.Nuclei];

    /// <summary>Kinds never used in training (benchmarks only).</summary>
    public static IReadOnlyList<StructureKind> HeldOut { get; } = [StructureKind.Filaments, StructureKind.Fibres];

    /// <summary>Parses a kind name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static StructureKind Parse(string name) => Enum.TryParse<StructureKind>(name, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
        ? kind
        : throw new ArgumentException($"Unknown structure kind '{name}'; use one of {string.Join(", ", Enum.GetNames<StructureKind>().Select(n => n.ToLowerInvariant()))}.");
}
