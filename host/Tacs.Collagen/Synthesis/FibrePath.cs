using System.Numerics;

namespace Tacs.Collagen.Synthesis;

/// <summary>A drawn fibre: its centre line sampled about every pixel, its width and its brightness.</summary>
/// <param name="Points">Centre line, consecutive points about 1 px apart.</param>
/// <param name="Width">Full width at half maximum of the cross-section, px.</param>
/// <param name="Brightness">Peak of the cross-section, in units of a unit-brightness fibre.</param>
internal sealed record FibrePath(IReadOnlyList<Vector2> Points, double Width, double Brightness)
{
    /// <summary>Length along the centre line, px.</summary>
    public double Length => Points.Count < 2 ? 0 : Points.Count - 1;
}
