using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.TestPlugins.Kit;

/// <summary>Reports the mean pixel value, labelled "bright" above <c>threshold</c>, else "dark".</summary>
public sealed class MeanAnalyser : IAnalyser
{
    public PluginManifest Manifest { get; } = new("test.mean", "Mean", "1.0.0")
    {
        Parameters = [new ParameterSpec("threshold", ParameterKind.Number, "100", "Mean above which a frame is bright.")],
    };

    public AnalysisResult Analyse(ImageFrame frame, ParameterValues parameters, PluginContext context)
    {
        var mean = frame.Pixels.Average();
        var bright = mean > parameters.GetNumber("threshold");
        return new AnalysisResult(
            Manifest.Id,
            bright ? "bright" : "dark",
            new Dictionary<string, double> { ["bright"] = bright ? 1 : 0, ["dark"] = bright ? 0 : 1 },
            new Dictionary<string, double> { ["mean"] = mean });
    }
}
