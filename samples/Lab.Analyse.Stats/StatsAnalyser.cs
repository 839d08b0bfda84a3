using System.Globalization;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Lab.Analyse.Stats;

/// <summary>
/// Exposure statistics of a frame: mean, standard deviation, 1st and 99th percentiles and the fraction of
/// saturated pixels, with a label saying whether the frame is usable ("ok", "dim" or "saturated").
/// An example of an analyser written by a lab against the tacs SDK alone.
/// </summary>
public sealed class StatsAnalyser : IAnalyser
{
    public PluginManifest Manifest { get; } = new("lab.stats", "Exposure statistics (sample)", "1.0.0")
    {
        Author = "Example lab",
        Description = "Mean, spread, percentiles and saturation of each frame, labelled ok, dim or saturated.",
        Parameters =
        [
            new ParameterSpec("max-saturated", ParameterKind.Number, "0.01", "Fraction of saturated pixels above which a frame is 'saturated'.") { Minimum = 0, Maximum = 1 },
            new ParameterSpec("min-mean", ParameterKind.Number, "auto", "Mean below which a frame is 'dim'; auto: 2% of the format's range.") { Minimum = 0, AllowsAuto = true },
        ],
    };

    public AnalysisResult Analyse(ImageFrame frame, ParameterValues parameters, PluginContext context)
    {
        var pixels = frame.Pixels;
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < pixels.Length; i++)
        {
            sum += pixels[i];
            sumSquares += (double)pixels[i] * pixels[i];
        }

        var mean = sum / pixels.Length;
        var std = Math.Sqrt(Math.Max(0, (sumSquares / pixels.Length) - (mean * mean)));
        context.Cancellation.ThrowIfCancellationRequested();

        var sorted = (float[])pixels.Clone();
        Array.Sort(sorted);
        var top = frame.SourceRange.Max;
        var saturated = pixels.Count(p => p >= top) / (double)pixels.Length;
        var minMean = parameters.IsAuto("min-mean") ? 0.02 * (frame.SourceRange.Max - frame.SourceRange.Min) : parameters.GetNumber("min-mean");

        var label = saturated > parameters.GetNumber("max-saturated") ? "saturated" : mean < minMean ? "dim" : "ok";
        var features = new Dictionary<string, double>
        {
            ["mean"] = mean,
            ["std"] = std,
            ["p01"] = sorted[(int)(0.01 * (sorted.Length - 1))],
            ["p99"] = sorted[(int)(0.99 * (sorted.Length - 1))],
            ["saturated_fraction"] = saturated,
        };

        // Not a classifier: no class probabilities (an empty dictionary), but a label and named features.
        return new AnalysisResult(Manifest.Id, label, new Dictionary<string, double>(), features)
        {
            Notes = label == "ok" ? [] : [string.Create(CultureInfo.InvariantCulture, $"{label}: mean {mean:F1}, {saturated * 100:F1}% saturated")],
        };
    }
}
