using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Runtime;
using Tacs.Sdk.Logging;
using Tacs.Sdk.Plugins;

namespace Tacs.Plugins.BioImageIO;

/// <summary>
/// Offers every BioImage.IO model package in the models folder (<c>--models DIR</c>, <c>$TACS_MODELS</c>, or
/// <c>models/</c> next to tacs) as a plugin of its own, named after the model id: <c>--chain "unet2d_nuclei_broad"</c>.
/// Packages that cannot run (no ONNX or TorchScript weights, unknown processing, broken files) are listed as failed with the reason.
/// </summary>
public sealed class BioImageIOModels : IPluginProvider
{
    /// <inheritdoc />
    public IReadOnlyList<IPlugin> CreatePlugins(PluginProviderContext context)
    {
        var plugins = new List<IPlugin>();
        foreach (var entry in ModelLibrary.Scan(context.ModelsFolder))
        {
            if (entry.Package is null)
            {
                context.ReportFailure(Path.GetFileName(entry.Location), entry.Error!);
                continue;
            }

            var problems = entry.Package.Problems().ToList();
            if (FrameAnalysis.ChainMisfit(entry.Package.Description) is { } misfit)
            {
                problems.Add(misfit);
            }

            if (problems.Count > 0)
            {
                context.ReportFailure(Path.GetFileName(entry.Location), $"model '{entry.Id}' cannot run in tacs: {string.Join("; ", problems)}.");
                continue;
            }

            plugins.Add(FrameAnalysis.IsAnalysis(entry.Package.Description) ? new ModelAnalyser(entry.Package) : new ModelPlugin(entry.Package));
        }

        context.Logger.Debug("{Count} BioImage.IO model(s) from {Folder}", plugins.Count, context.ModelsFolder);
        return plugins;
    }
}
