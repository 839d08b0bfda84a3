namespace Tacs.Torch.Inference;

/// <summary>How large frames are cut into tiles to bound memory.</summary>
/// <param name="Window">Side of the square window given to the network, a multiple of 8 (whole image when it fits).</param>
/// <param name="Margin">Context on each side of a tile's core, a multiple of 8.</param>
/// <param name="Blend">Width of the cross-fade between neighbouring tiles (at most the margin).</param>
public sealed record TilingOptions(int Window = 512, int Margin = 32, int Blend = 16)
{
    /// <summary>Defaults: 512-pixel windows, 32 pixels of context, 16-pixel cross-fade.</summary>
    public static TilingOptions Default { get; } = new();

    /// <summary>Checks the sizes and says what is wrong.</summary>
    /// <exception cref="ArgumentException">A size is out of range.</exception>
    public void Validate()
    {
        if (Window < 64 || Window > 8192 || Window % 8 != 0)
        {
            throw new ArgumentException($"Tile window must be a multiple of 8 between 64 and 8192; {Window} given.");
        }

        if (Margin < 0 || Margin % 8 != 0 || 2 * Margin >= Window - 8)
        {
            throw new ArgumentException($"Tile margin must be a multiple of 8 and leave a core of at least 8 pixels in a {Window} window; {Margin} given.");
        }

        if (Blend < 0 || Blend > Margin)
        {
            throw new ArgumentException($"Tile blend must be between 0 and the margin ({Margin}); {Blend} given.");
        }
    }
}
