namespace Tacs.Torch.Inference;

/// <summary>
/// One pass of a DRUNet over one window of an image on the network's scale: what tiling, the self-ensemble and
/// pixel-shuffle call, whichever engine runs the network.
/// </summary>
public interface IWindowNetwork
{
    /// <summary>The engine, as users name it: <c>torch</c> or <c>onnx</c>.</summary>
    string Engine { get; }

    /// <summary>Denoises <paramref name="window"/> (w × h, sides multiples of 8) at level <paramref name="sigma"/> into
    /// the first w × h values of <paramref name="into"/>.</summary>
    void Run(float[] window, int width, int height, double sigma, Span<float> into);
}
