using Tacs.Sdk.Frames;
using Tacs.Torch.Model;
using Tacs.Torch.Noise;

namespace Tacs.Torch.Inference;

/// <summary>Denoises whole frames in image units with a DRUNet: scale, tile, run, restore, clip to the source range.</summary>
/// <param name="network">The network, in whichever engine (<see cref="TorchWindowNetwork"/>, <see cref="OnnxWindowNetwork"/>).</param>
/// <param name="tiling">Tiling of large frames.</param>
/// <param name="selfEnsemble">Average the network's outputs over the 8 flips and 90° rotations of the frame (8× the time).</param>
/// <param name="pixelShuffle">Denoise the four pixel-shuffle sub-images apart, then the reassembled frame once more at the
/// level of the grid they leave (<see cref="PixelShuffle"/>): for noise correlated between neighbouring pixels; about
/// 2× the time.</param>
public sealed class FrameDenoiser(IWindowNetwork network, TilingOptions tiling, bool selfEnsemble = false, bool pixelShuffle = false)
{
    /// <summary>A denoiser running <paramref name="network"/> in libtorch.</summary>
    public FrameDenoiser(DrunetNetwork network, TilingOptions tiling, bool selfEnsemble = false, bool pixelShuffle = false)
        : this(new TorchWindowNetwork(network), tiling, selfEnsemble, pixelShuffle)
    {
    }

    /// <summary>Denoises one frame.</summary>
    /// <param name="pixels">Row-major pixels in image units.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <param name="format">Source sample format (8/16-bit outputs are clipped to their range).</param>
    /// <param name="noise">Known noise parameters; missing ones are estimated.</param>
    /// <param name="cancellation">Checked between tiles.</param>
    /// <returns>The denoised pixels and a description of the noise assumed.</returns>
    /// <exception cref="ArgumentException">Bad size, non-finite pixels or noise parameters.</exception>
    public (float[] Pixels, string Noise) Denoise(ReadOnlySpan<float> pixels, int width, int height, SampleFormat format, NoiseSpec noise, CancellationToken cancellation = default)
    {
        if (width < 1 || height < 1 || pixels.Length != width * height)
        {
            throw new ArgumentException($"Frame of {width}×{height} with {pixels.Length} pixels is inconsistent.");
        }

        if (width < 2 || height < 2)
        {
            throw new ArgumentException($"DRUNet needs frames of at least 2×2 pixels; got {width}×{height}.");
        }

        foreach (var value in pixels)
        {
            if (!float.IsFinite(value))
            {
                throw new ArgumentException("The frame has NaN or infinite pixels; replace or mask them before denoising.");
            }
        }

        if (pixelShuffle && (width < PixelShuffle.MinimumSide || height < PixelShuffle.MinimumSide))
        {
            throw new ArgumentException($"Pixel-shuffle denoising needs frames of at least {PixelShuffle.MinimumSide}×{PixelShuffle.MinimumSide} pixels; got {width}×{height}.");
        }

        var prepared = PreparedImage.From(pixels, width, height, format, noise);
        var result = pixelShuffle ? Shuffled(prepared.Values, width, height, prepared.Sigma, cancellation) : Run(prepared.Values, width, height, prepared.Sigma, cancellation);
        prepared.Restore(result);
        if (format is SampleFormat.UInt8 or SampleFormat.UInt16)
        {
            var max = format == SampleFormat.UInt8 ? 255f : 65535f;
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = Math.Clamp(result[i], 0f, max);
            }
        }

        return (result, prepared.Description);
    }

    // Everything happens on the network's scale, where the noise is white with a known level, before the Anscombe inverse.
    private float[] Run(float[] values, int width, int height, double sigma, CancellationToken cancellation) =>
        selfEnsemble ? Ensemble(values, width, height, sigma, cancellation) : TiledInference.Run(network, values, width, height, sigma, tiling, cancellation);

    private float[] Shuffled(float[] values, int width, int height, double sigma, CancellationToken cancellation)
    {
        var merged = new float[values.Length];
        for (var index = 0; index < PixelShuffle.Count; index++)
        {
            var (sub, w, h) = PixelShuffle.Take(values, width, height, index);
            PixelShuffle.Put(Run(sub, w, h, sigma, cancellation), merged, width, height, index);
        }

        // The four estimates differ a little; the second pass sees that as white noise of the grid's level.
        var grid = PixelShuffle.GridLevel(merged, width, height);
        return grid > 0 ? Run(merged, width, height, Math.Min(grid, sigma), cancellation) : merged;
    }

    private float[] Ensemble(float[] values, int width, int height, double sigma, CancellationToken cancellation)
    {
        var sum = new float[values.Length];
        for (var index = 0; index < Symmetry.Count; index++)
        {
            var (pixels, w, h) = Symmetry.Apply(values, width, height, index);
            var output = Symmetry.Invert(TiledInference.Run(network, pixels, w, h, sigma, tiling, cancellation), w, h, index);
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += output[i];
            }
        }

        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] /= Symmetry.Count;
        }

        return sum;
    }
}
