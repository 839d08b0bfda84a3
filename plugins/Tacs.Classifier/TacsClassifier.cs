using System.Globalization;
using Tacs.Collagen.Boundaries;
using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Logging;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.Plugins.Classifier;

/// <summary>
/// Classifies a collagen image (SHG or fluorescence) as TACS-1, TACS-2 or TACS-3 from its fibre features and
/// the tumour boundary, with a one-versus-all random forest. Adds label, probabilities and every measured
/// feature to the frame. Without a boundary it measures boundary-free features and uses the shipped
/// boundary-free model, and says so in the result's notes.
/// </summary>
public sealed class TacsClassifier : IAnalyser
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("tacs.classifier", "TACS classifier", "1.0.0")
    {
        Author = "Tacs contributors",
        Description = "Tumour-associated collagen signature (TACS-1/2/3) from fibre features and the tumour boundary; random forest (ML.NET FastForest, one-versus-all).",
        Parameters =
        [
            new ParameterSpec("model", ParameterKind.FilePath, "auto", "Model file from 'tacs classify train'; auto = the shipped model (the boundary-free one when there is no boundary).")
            {
                AllowsAuto = true,
            },
            new ParameterSpec("boundary", ParameterKind.FilePath, "auto", "Tumour boundary: polygon CSV (x,y per line) or mask image; auto = a sidecar next to the image (name.boundary.csv, name_mask.tif, …) or none.")
            {
                AllowsAuto = true,
            },
            new ParameterSpec("boundary_band", ParameterKind.Number, "100", "Distance from the boundary within which fibres count for the relative angle.")
            {
                Minimum = 5,
                Maximum = 2000,
                Unit = "px",
            },
        ],
    };

    /// <inheritdoc />
    public AnalysisResult Analyse(ImageFrame frame, ParameterValues parameters, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        var notes = new List<string>();
        var boundaryPath = parameters.IsAuto("boundary")
            ? (frame.Metadata.Source is { Length: > 0 } source ? BoundaryFiles.FindSidecar(source) : null)
            : parameters.GetText("boundary");
        var boundary = boundaryPath is null ? null : BoundaryFiles.Read(boundaryPath, frame.Width, frame.Height);
        var band = parameters.GetNumber("boundary_band");
        context.Cancellation.ThrowIfCancellationRequested();

        TacsModel model;
        string modelName;
        if (parameters.IsAuto("model"))
        {
            modelName = boundary is null ? ShippedModels.BoundaryFree : ShippedModels.Default;
            model = ShippedModels.Shipped(modelName);
            if (boundary is null)
            {
                notes.Add("Classified with the shipped boundary-free model, which cannot tell TACS-2 from TACS-3 reliably; give boundary=<polygon CSV or mask> for the full model.");
            }
        }
        else
        {
            modelName = parameters.GetText("model");
            model = ShippedModels.FromFile(modelName);
        }

        // Features are in pixels: bring an image of known pixel size to the model's, and say when the scale is unknown and looks off.
        var scale = ScaleCheck.Decide(model.Metadata, frame.Width, frame.Height, frame.Metadata.PixelSizeMicrons, model.NeedsBoundary ? band : model.Metadata.BandWidth);
        notes.AddRange(scale.Notes);
        notes.AddRange(scale.Warnings.Select(w => "Warning: " + w));
        var (pixels, width, height) = (frame.Pixels, frame.Width, frame.Height);
        if (scale.Factor != 1)
        {
            (pixels, width, height) = Resampling.Image(frame.Pixels, frame.Width, frame.Height, scale.Factor);
            boundary = boundary is null ? null : Resampling.Boundary(boundary, scale.Factor);
        }

        var features = FibreFeatureExtractor.Extract(pixels, width, height, boundary, new FeatureOptions { BandWidth = band });
        notes.AddRange(features.Notes);

        var prediction = model.Predict(features);
        var probabilities = string.Join(", ", prediction.Probabilities.Select(p => FormattableString.Invariant($"{p.Key}={p.Value:F2}")));
        context.Logger.Debug("{Source}: {Label} ({Probabilities}); boundary {Boundary}", frame.Metadata.Source ?? "frame", prediction.Label, probabilities, boundaryPath ?? "none");
        notes.AddRange(prediction.Doubts.Select(d => "Uncertain: " + d));
        context.Note("label", prediction.Label);
        context.Note("answer", prediction.Answer);
        context.Note("probability", prediction.Probabilities[prediction.Label].ToString("F3", CultureInfo.InvariantCulture));
        context.Note("boundary", boundaryPath ?? "none");
        context.Note("model", Path.GetFileName(modelName));
        return new AnalysisResult(Manifest.Id, prediction.Label, prediction.Probabilities, features.ToDictionary())
        {
            Notes = notes,
        };
    }
}
