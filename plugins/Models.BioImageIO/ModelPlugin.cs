using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Runtime;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.Plugins.BioImageIO;

/// <summary>
/// One BioImage.IO model as an image step of a chain. A denoising model (tagged denoising or restoration) keeps the
/// frame's scale and format like any denoiser; any other image model (segmentation, say) replaces the frame with its
/// output channel as float32 (probabilities 0–1 stay 0–1 instead of being rounded into the input's 8 or 16 bits).
/// Not public: the host must not try to create it on its own; <see cref="BioImageIOModels"/> makes one per package.
/// </summary>
internal sealed class ModelPlugin : IDenoiser
{
    private readonly ModelPackage _package;
    private readonly LoadedModels<FrameModel> _models;

    public ModelPlugin(ModelPackage package)
    {
        _package = package;
        _models = new LoadedModels<FrameModel>(package, runner => new FrameModel(runner));
        var d = package.Description;
        var what = d.IsDenoising ? "Denoiser" : "Image model (its output replaces the frame, as float32)";
        Manifest = new PluginManifest("model." + d.Id, d.Name, "1.0.0")
        {
            Author = string.Join(", ", d.Authors),
            Description = $"{what} from the BioImage.IO package {package.Location} (format {d.FormatVersion}, weights {string.Join(", ", d.Weights.Select(w => w.Format))}): {ModelParameters.Shorten(d.Description)}",
            Parameters =
            [
                new ParameterSpec("tile", ParameterKind.Integer, "512", "Largest window side fed to the network; larger frames are tiled with the model's declared halo.")
                {
                    Minimum = 16,
                    Maximum = 8192,
                    Unit = "px",
                },
                new ParameterSpec("channel", ParameterKind.Integer, "0", "Output channel that becomes the frame (for models with several output channels).")
                {
                    Minimum = 0,
                    Maximum = 1024,
                },
                .. ModelParameters.Engine,
            ],
        };
    }

    public PluginManifest Manifest { get; }

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        var (runner, model) = _models.Get(parameters);
        var denoising = _package.Description.IsDenoising;
        float[] result;
        try
        {
            result = model.Run(input.Pixels, input.Width, input.Height, (int)parameters.GetInteger("tile"), (int)parameters.GetInteger("channel"), denoising, context.Cancellation);
        }
        catch (PackageException ex)
        {
            throw new ParameterException("input", $"Model {_package.Description.Id} cannot process frame {input.Metadata.FrameIndex} ({input.Width}×{input.Height}): {ex.Message}");
        }

        if (denoising && input.SourceFormat is SampleFormat.UInt8 or SampleFormat.UInt16)
        {
            var range = input.SourceFormat.NativeRange();
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = range.Clamp(result[i]);
            }
        }
        else if (!denoising)
        {
            output.SourceFormat = SampleFormat.Float32;
            output.SourceRange = new ValueRange(result.Min(), result.Max());
        }

        result.CopyTo(output.Pixels, 0);
        context.Note("model", _package.Description.Id);
        context.Note("weights", runner.WeightsFormat);
        context.Note("provider", parameters.GetText("provider"));
    }
}
