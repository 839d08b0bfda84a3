using Tacs.Torch.Model;

namespace Tacs.Torch.Inference;

/// <summary>
/// Runs a DRUNet on one grey image of any size: pads to a multiple of 8 (mirrored), runs whole or in
/// overlapping tiles with cross-faded seams, crops back. Tensors live only for one tile.
/// </summary>
public static class TiledInference
{
    /// <summary>Denoises <paramref name="pixels"/> with a libtorch network (put in eval mode by the caller).</summary>
    public static float[] Run(DrunetNetwork network, ReadOnlySpan<float> pixels, int width, int height, double sigma, TilingOptions tiling, CancellationToken cancellation = default) =>
        Run(new TorchWindowNetwork(network), pixels, width, height, sigma, tiling, cancellation);

    /// <summary>Denoises <paramref name="pixels"/> (row-major, normalised scale) at noise level <paramref name="sigma"/>.</summary>
    /// <param name="network">The network, in whichever engine.</param>
    /// <param name="pixels">Image, width × height values.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="sigma">Noise standard deviation on the same scale as the pixels.</param>
    /// <param name="tiling">Tile sizes; the whole image is one tile when it fits in the window.</param>
    /// <param name="cancellation">Checked between tiles.</param>
    /// <returns>The denoised image, same size.</returns>
    public static float[] Run(IWindowNetwork network, ReadOnlySpan<float> pixels, int width, int height, double sigma, TilingOptions tiling, CancellationToken cancellation = default)
    {
        tiling.Validate();
        if (width < 1 || height < 1 || pixels.Length != width * height)
        {
            throw new ArgumentException($"Image of {width}×{height} does not match its {pixels.Length} pixels.");
        }

        var padded = Pad(pixels, width, height, out var pw, out var ph);
        var output = new float[pw * ph];
        var rows = TileLayout.Plan(ph, tiling.Window, tiling.Margin);
        var cols = TileLayout.Plan(pw, tiling.Window, tiling.Margin);
        if (rows.Count == 1 && cols.Count == 1)
        {
            RunWindow(network, padded, pw, 0, 0, pw, ph, sigma, output);
        }
        else
        {
            var weightSum = new float[pw * ph];
            var accumulated = new float[pw * ph];
            var tile = new float[tiling.Window * tiling.Window];
            foreach (var row in rows)
            {
                var wy = TileLayout.Weights(row, ph, tiling.Blend);
                foreach (var col in cols)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var wx = TileLayout.Weights(col, pw, tiling.Blend);
                    RunWindow(network, padded, pw, col.WindowStart, row.WindowStart, col.WindowLength, row.WindowLength, sigma, tile);
                    for (var y = 0; y < row.WindowLength; y++)
                    {
                        if (wy[y] == 0)
                        {
                            continue;
                        }

                        var target = ((row.WindowStart + y) * pw) + col.WindowStart;
                        for (var x = 0; x < col.WindowLength; x++)
                        {
                            var w = wy[y] * wx[x];
                            accumulated[target + x] += w * tile[(y * col.WindowLength) + x];
                            weightSum[target + x] += w;
                        }
                    }
                }
            }

            for (var i = 0; i < output.Length; i++)
            {
                output[i] = accumulated[i] / weightSum[i];
            }
        }

        var result = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            output.AsSpan(y * pw, width).CopyTo(result.AsSpan(y * width, width));
        }

        return result;
    }

    private static void RunWindow(IWindowNetwork network, float[] image, int stride, int x0, int y0, int w, int h, double sigma, float[] into)
    {
        var window = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            image.AsSpan(((y0 + y) * stride) + x0, w).CopyTo(window.AsSpan(y * w, w));
        }

        network.Run(window, w, h, sigma, into);
    }

    // Mirror padding to the next multiple of 8 (repeating the edge when the image is too small to mirror).
    private static float[] Pad(ReadOnlySpan<float> pixels, int width, int height, out int paddedWidth, out int paddedHeight)
    {
        paddedWidth = RoundUp(width);
        paddedHeight = RoundUp(height);
        var result = new float[paddedWidth * paddedHeight];
        for (var y = 0; y < paddedHeight; y++)
        {
            var sy = Mirror(y, height);
            for (var x = 0; x < paddedWidth; x++)
            {
                result[(y * paddedWidth) + x] = pixels[(sy * width) + Mirror(x, width)];
            }
        }

        return result;
    }

    private static int Mirror(int p, int length)
    {
        if (p < length)
        {
            return p;
        }

        var mirrored = (2 * length) - 2 - p;
        return mirrored >= 0 ? mirrored : length - 1;
    }

    private static int RoundUp(int side) => (side + DrunetOptions.SideMultiple - 1) / DrunetOptions.SideMultiple * DrunetOptions.SideMultiple;
}
