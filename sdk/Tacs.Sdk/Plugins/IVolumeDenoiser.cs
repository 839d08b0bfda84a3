using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;

namespace Tacs.Sdk.Plugins;

/// <summary>
/// A denoiser that can also take a whole z-stack at once, so a 3-D method can use neighbouring slices (added in
/// SDK 1.2). When a stack has several z-slices and <see cref="WantsVolume"/> says yes for the step's parameters,
/// the host calls <see cref="DenoiseVolume"/> once per channel and time point with that stack's slices in z order;
/// otherwise (single images, live frames, or a 2-D setting) it calls <see cref="IDenoiser.Denoise"/> per frame.
/// </summary>
public interface IVolumeDenoiser : IDenoiser
{
    /// <summary>True when these parameters ask for the 3-D method (for example a <c>volume=3d</c> choice).</summary>
    /// <param name="parameters">Values validated against the manifest.</param>
    bool WantsVolume(ParameterValues parameters);

    /// <summary>
    /// Writes the denoised slices of <paramref name="input"/> into <paramref name="output"/>: same count, same
    /// order (z), same sizes; the output frames' pixels are uninitialised on entry and never the input's arrays.
    /// Notes recorded on <paramref name="context"/> go into the provenance of every slice.
    /// </summary>
    /// <param name="input">The slices of one channel and time point, z order; read only.</param>
    /// <param name="output">Where to write the results, one frame per slice.</param>
    /// <param name="parameters">Values validated against the manifest.</param>
    /// <param name="context">Logger, cancellation and provenance notes for this call.</param>
    void DenoiseVolume(IReadOnlyList<ImageFrame> input, IReadOnlyList<ImageFrame> output, ParameterValues parameters, PluginContext context);
}
