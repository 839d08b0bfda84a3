using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;

namespace Tacs.Sdk.Plugins;

/// <summary>A plugin that turns a noisy frame into a cleaner one of the same size.</summary>
public interface IDenoiser : IPlugin
{
    /// <summary>
    /// Writes the denoised pixels of <paramref name="input"/> into <paramref name="output"/>.
    /// Both frames have the same size; <paramref name="output"/>'s pixels are uninitialised on entry and
    /// are never the same array as the input's. Do not keep references to either frame after returning.
    /// </summary>
    /// <param name="input">The frame to denoise; read only.</param>
    /// <param name="output">Where to write the result.</param>
    /// <param name="parameters">Values validated against the manifest.</param>
    /// <param name="context">Logger, cancellation and provenance notes for this call.</param>
    void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context);
}
