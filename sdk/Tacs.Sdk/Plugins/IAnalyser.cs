using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;

namespace Tacs.Sdk.Plugins;

/// <summary>A plugin that measures or classifies a frame without changing its pixels. The host attaches
/// the result to the frame, so a chain can go on after it.</summary>
public interface IAnalyser : IPlugin
{
    /// <summary>Measures <paramref name="frame"/>.</summary>
    /// <param name="frame">The frame; read only.</param>
    /// <param name="parameters">Values validated against the manifest.</param>
    /// <param name="context">Logger, cancellation and provenance notes for this call.</param>
    /// <returns>Label, class probabilities and named features.</returns>
    AnalysisResult Analyse(ImageFrame frame, ParameterValues parameters, PluginContext context);
}
