using System.Globalization;
using Tacs.Plugins.Bm3d.Noise;
using Tacs.Plugins.Bm3d.Simd;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.Plugins.Bm3d;

/// <summary>BM3D's 3-D mode (<c>volume=3d</c>): a z-stack denoised with groups matched across neighbouring slices
/// (<see cref="Bm3dAlgorithm.DenoiseVolume"/>).</summary>
public sealed partial class Bm3dDenoiser
{
    /// <inheritdoc />
    public bool WantsVolume(ParameterValues parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.GetText("volume") == "3d";
    }

    /// <inheritdoc />
    public void DenoiseVolume(IReadOnlyList<ImageFrame> input, IReadOnlyList<ImageFrame> output, ParameterValues parameters, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        if (input.Count == 0 || input.Count != output.Count || input.Any(f => f.Width != input[0].Width || f.Height != input[0].Height))
        {
            throw new ArgumentException($"BM3D volume: {input.Count} input and {output.Count} output slices, which must be as many and of one size.");
        }

        if (parameters.GetText("noise") != "gaussian")
        {
            throw new ParameterException("volume", "volume=3d works with noise=gaussian; for camera noise use volume=2d (each slice through the Anscombe transform).");
        }

        foreach (var slice in input)
        {
            RequireFinite(slice);
        }

        // One σ for the volume: the median of the slices' estimates (a slice of pure background can read low).
        double sigma;
        if (parameters.IsAuto("sigma"))
        {
            var estimates = input.Select(f => NoiseLevelEstimator.EstimateSigma(f.Pixels, f.Width, f.Height)).Order().ToArray();
            sigma = estimates[estimates.Length / 2];
            context.Note("sigma_estimated", Invariant(sigma));
            context.Note("sigma_slices", string.Join(' ', estimates.Select(Invariant)));
        }
        else
        {
            sigma = parameters.GetNumber("sigma");
        }

        var radius = (int)parameters.GetInteger("z_radius");
        var threads = (int)parameters.GetInteger("threads");
        threads = threads == 0 ? Environment.ProcessorCount : threads;
        context.Note("volume", string.Create(CultureInfo.InvariantCulture, $"3d: {input.Count} slices, ±{radius}"));
        var results = Bm3dAlgorithm.DenoiseVolume(
            [.. input.Select(f => f.Pixels)], input[0].Width, input[0].Height, sigma, FullScale(input[0]), parameters.GetText("profile"), radius, threads, SimdSupport.Best, context.Cancellation);
        for (var z = 0; z < results.Length; z++)
        {
            results[z].CopyTo(output[z].Pixels, 0);
        }
    }
}
