using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Runtime;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.Plugins.BioImageIO;

/// <summary>
/// One BioImage.IO model whose output has no space axes, as an analysis step of a chain: each output value becomes
/// a named feature of the frame (the description's channel names), reaching <c>--results</c> like any analyser's; the
/// frame goes on unchanged. A model tagged classification also gives the best-scoring name as the label and the
/// values as class scores. Made per package by <see cref="BioImageIOModels"/>.
/// </summary>
internal sealed class ModelAnalyser : IAnalyser
{
    private readonly ModelPackage _package;
    private readonly LoadedModels<FrameAnalysis> _models;

    public ModelAnalyser(ModelPackage package)
    {
        _package = package;
        _models = new LoadedModels<FrameAnalysis>(package, runner => new FrameAnalysis(runner));
        var d = package.Description;
        var names = FrameAnalysis.DeclaredNames(d);
        Manifest = new PluginManifest("model." + d.Id, d.Name, "1.0.0")
        {
            Author = string.Join(", ", d.Authors),
            Description = $"Analysis model ({(names.Count > 0 ? string.Join(", ", names) : "values of output " + d.Outputs[0].Id)}) from the BioImage.IO package {package.Location} " +
                $"(format {d.FormatVersion}, weights {string.Join(", ", d.Weights.Select(w => w.Format))}): {ModelParameters.Shorten(d.Description)}",
            Parameters = ModelParameters.Engine,
        };
    }

    public PluginManifest Manifest { get; }

    /// <summary>True when the model's values are class scores (tagged classification).</summary>
    private bool Classifies => _package.Description.Tags.Any(t => t.Equals("classification", StringComparison.OrdinalIgnoreCase));

    public AnalysisResult Analyse(ImageFrame frame, ParameterValues parameters, PluginContext context)
    {
        var (runner, model) = _models.Get(parameters);
        IReadOnlyList<KeyValuePair<string, double>> values;
        try
        {
            values = model.Run(frame.Pixels, frame.Width, frame.Height);
        }
        catch (PackageException ex)
        {
            throw new ParameterException("input", $"Model {_package.Description.Id} cannot analyse frame {frame.Metadata.FrameIndex} ({frame.Width}×{frame.Height}): {ex.Message}");
        }

        context.Note("model", _package.Description.Id);
        context.Note("weights", runner.WeightsFormat);
        var features = values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        if (!Classifies || values.Count == 0)
        {
            return new AnalysisResult(Manifest.Id, null, new Dictionary<string, double>(), features);
        }

        var best = values.MaxBy(v => v.Value).Key;
        return new AnalysisResult(Manifest.Id, best, features, new Dictionary<string, double>());
    }
}
