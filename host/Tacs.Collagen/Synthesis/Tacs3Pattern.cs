namespace Tacs.Collagen.Synthesis;

/// <summary>
/// How a synthetic TACS-3 image lays out its perpendicular fibres. Real TACS-3 is often focal: bundles leave
/// the tumour over one stretch of its boundary while elsewhere the collagen wraps around it or is random.
/// </summary>
public enum Tacs3Pattern
{
    /// <summary>Draw one of the patterns below per image (diffuse 40 %, focal 30 %, mixed 30 %).</summary>
    Any,

    /// <summary>Perpendicular bundles all around the boundary.</summary>
    Diffuse,

    /// <summary>Perpendicular bundles over one arc of the boundary (20–45 % of it); elsewhere wavy, randomly oriented collagen.</summary>
    Focal,

    /// <summary>Perpendicular bundles over one arc of the boundary (20–45 % of it); elsewhere fibres parallel to the boundary.</summary>
    Mixed,
}

/// <summary>Reads and writes <see cref="Tacs3Pattern"/> names as users type them.</summary>
public static class Tacs3PatternNames
{
    /// <summary>Lower-case name: any, diffuse, focal, mixed.</summary>
    /// <param name="pattern">The pattern.</param>
    public static string Name(this Tacs3Pattern pattern) => pattern.ToString().ToLowerInvariant();

    /// <summary>Parses any, diffuse, focal or mixed (any case).</summary>
    /// <param name="text">The name.</param>
    /// <exception cref="ArgumentException">Not one of the names.</exception>
    public static Tacs3Pattern Parse(string text) =>
        Enum.TryParse<Tacs3Pattern>(text, ignoreCase: true, out var pattern) && Enum.IsDefined(pattern) && !int.TryParse(text, out _)
            ? pattern
            : throw new ArgumentException($"TACS-3 pattern '{text}' is not one of any, diffuse, focal, mixed.");
}
