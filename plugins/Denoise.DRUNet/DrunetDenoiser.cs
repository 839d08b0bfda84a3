using System.Globalization;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Logging;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;
using Tacs.Torch;
using Tacs.Torch.Inference;
using Tacs.Torch.Noise;

namespace Tacs.Plugins.Drunet;

/// <summary>
/// DRUNet denoiser (Zhang et al. 2021) in TorchSharp, with weights Tacs trained itself without clean images.
/// Frames of any size, tiled with cross-faded seams when large; Poisson–Gaussian data through the Anscombe transform.
/// </summary>
public sealed class DrunetDenoiser : IDenoiser
{
    /// <summary>File name of the blind weights (<c>shipped=blind</c>, the default; built into the plugin from
    /// <c>weights/</c>): one network for every noise level (docs/drunet.md).</summary>
    public const string BlindWeights = "drunet-blind.drunet";

    /// <summary>File name of the default shipped weights.</summary>
    public const string ShippedWeights = BlindWeights;

    /// <summary>File name of the weights trained at Gaussian σ=25 only (<c>shipped=standard</c>; the default until the
    /// twelfth session).</summary>
    public const string StandardWeights = "drunet-bsd68-r2r-s25.drunet";

    /// <summary>File name of the wider network's shipped weights (<c>shipped=wide</c>).</summary>
    public const string WideWeights = "drunet-bsd68-r2r-s25-wide.drunet";

    private readonly WeightsCache _weights = new();
    private int _correlationChecked;

    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("denoise.drunet", "DRUNet (self-supervised)", "1.5.0")
    {
        Author = "Tacs contributors",
        Description = $"DRUNet with a noise-level input, run on the CPU by ONNX Runtime (or libtorch: engine=torch). Built-in weights, trained by 'tacs train drunet' self-supervised (Recorrupted-to-Recorrupted, no clean image): {BlindWeights} (default, shipped=blind: one network for Gaussian σ 1–55 and camera noise), with shipped=standard {StandardWeights} (noisy BSD68 at σ=25 only), with shipped=wide {WideWeights} (σ=25, wider). Fine-tune on your own images with 'tacs train drunet --init shipped' (docs/drunet.md).",
        Parameters =
        [
            new ParameterSpec("sigma", ParameterKind.Number, "auto", "Gaussian noise standard deviation in image units; auto estimates it from the frame (Gaussian model only).")
            {
                Minimum = 1e-6,
                Maximum = 1e6,
                AllowsAuto = true,
                Unit = "grey levels",
            },
            new ParameterSpec("noise", ParameterKind.Choice, "auto", "Noise model: auto (chosen per frame: poisson-gaussian when the estimated shot noise is a visible part of the noise, as in camera images, else gaussian; a given sigma means gaussian), gaussian, or poisson-gaussian (gain and read noise estimated, Anscombe transform).")
            {
                Choices = ["auto", "gaussian", "poisson-gaussian"],
            },
            new ParameterSpec("gain", ParameterKind.Number, "auto", "Camera gain in grey levels per photo-electron (Poisson–Gaussian model; a given gain selects it), or auto to estimate it from each frame.")
            {
                Minimum = 1e-6,
                Maximum = 1e6,
                Unit = "grey levels/e⁻",
                AllowsAuto = true,
            },
            new ParameterSpec("read_noise", ParameterKind.Number, "auto", "Standard deviation of the camera's read noise in grey levels (Poisson–Gaussian model), or auto to estimate it.")
            {
                Minimum = 0,
                Maximum = 1e6,
                Unit = "grey levels",
                AllowsAuto = true,
            },
            new ParameterSpec("offset", ParameterKind.Number, "auto", "Camera baseline (dark level) in grey levels (Poisson–Gaussian model), or auto to estimate it.")
            {
                Minimum = -1e6,
                Maximum = 1e6,
                Unit = "grey levels",
                AllowsAuto = true,
            },
            new ParameterSpec("weights", ParameterKind.FilePath, "auto", $"Weights file (.drunet) from 'tacs train drunet'; auto uses the shipped {ShippedWeights}.")
            {
                AllowsAuto = true,
            },
            new ParameterSpec("shipped", ParameterKind.Choice, "blind", "Which built-in weights weights=auto uses: blind (nc 16–128, one network for Gaussian σ 1–55 of 255 and camera noise from 1 photo-electron up), standard (nc 16–128, trained at σ=25 only: the default before the blind weights) or wide (nc 32–256, σ=25: about 2.4 times slower, better at that level only); docs/drunet.md.")
            {
                Choices = ["standard", "blind", "wide"],
            },
            new ParameterSpec("tile", ParameterKind.Integer, "512", "Tile window in pixels (multiple of 8); frames larger than this are processed in overlapping tiles to bound memory.")
            {
                Minimum = 64,
                Maximum = 8192,
                Unit = "px",
            },
            new ParameterSpec("ensemble", ParameterKind.Choice, "off", "x8 averages the outputs for the 8 flips and 90° rotations of the frame: slightly better (about 0.1–0.2 dB), 8 times slower; for batch work.")
            {
                Choices = ["off", "x8"],
            },
            new ParameterSpec("subsample", ParameterKind.Choice, "auto", "2 denoises the four half-size pixel-shuffle sub-images (every second pixel) apart and then the reassembled frame once more, lightly: for noise shared between neighbouring pixels, e.g. along the rows of a scanning confocal, which the network otherwise keeps as a crinkled texture. Two network passes instead of one; detail at the scale of one pixel is softened. auto (the default) measures each frame's noise in its flattest blocks and uses 2 only when neighbours share it along one direction much more than along the other; off never does. Camera (white) noise gets off.")
            {
                Choices = ["auto", "off", "2"],
            },
            new ParameterSpec("engine", ParameterKind.Choice, "auto", "What runs the network: onnx (ONNX Runtime's CPU provider: the same outputs to about 1e-6, about twice as fast on a 512² frame here), torch (libtorch, as training does), or auto (onnx, falling back to torch with a warning where ONNX Runtime cannot run).")
            {
                Choices = ["auto", "onnx", "torch"],
            },
            new ParameterSpec("threads", ParameterKind.Integer, "0", "Threads the network runs on (libtorch: for the whole process); 0 uses one per core.")
            {
                Minimum = 0,
                Maximum = 256,
            },
        ],
    };

    /// <inheritdoc />
    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        var tile = (int)parameters.GetInteger("tile");
        if (tile % 8 != 0)
        {
            throw new ParameterException("tile", $"tile must be a multiple of 8 (got {tile}); try {tile / 8 * 8}.");
        }

        var path = parameters.IsAuto("weights") ? null : parameters.GetText("weights");
        var model = parameters.GetText("noise");
        var camera = !parameters.IsAuto("gain") || !parameters.IsAuto("read_noise") || !parameters.IsAuto("offset");
        if (camera && model == "gaussian")
        {
            throw new ParameterException("gain", "gain, read_noise and offset describe camera (Poisson–Gaussian) noise; leave them at auto with noise=gaussian, or use noise=poisson-gaussian.");
        }

        if (camera && !parameters.IsAuto("sigma"))
        {
            throw new ParameterException("sigma", "sigma is for Gaussian noise; with gain, read_noise or offset given, leave it at auto.");
        }

        model = camera ? "poisson-gaussian" : model;
        var gaussian = model == "gaussian" || (model == "auto" && !parameters.IsAuto("sigma"));
        if (model == "poisson-gaussian" && !parameters.IsAuto("sigma"))
        {
            throw new ParameterException("sigma", "sigma applies to the gaussian noise model only; with noise=poisson-gaussian leave it at auto.");
        }

        var shipped = parameters.GetText("shipped") switch
        {
            "wide" => WideWeights,
            "standard" => StandardWeights,
            _ => BlindWeights,
        };
        if (path is not null && shipped != ShippedWeights)
        {
            throw new ParameterException("shipped", "shipped chooses between the built-in weights; with weights=<file> leave it at its default (blind).");
        }

        TorchRuntime.SetThreads((int)parameters.GetInteger("threads"));
        var noise = gaussian ? NoiseSpec.Gaussian(parameters.IsAuto("sigma") ? null : parameters.GetNumber("sigma"))
            : model == "auto" ? NoiseSpec.Auto()
            : Camera(parameters);
        var ensemble = parameters.GetText("ensemble") == "x8";
        var subsample = parameters.GetText("subsample");
        var shuffle = subsample == "2";
        string? decided = null;
        if (subsample == "auto" || (subsample == "off" && Interlocked.Exchange(ref _correlationChecked, 1) == 0))
        {
            // Noise shared along rows or columns, which the network keeps as texture: auto switches pixel-shuffle on
            // for such a frame (decided per frame, so the result never depends on which frames came before); off says
            // so once, on the first frame.
            var flat = NoiseCorrelation.InFlatBlocks(input.Pixels, input.Width, input.Height);
            var shared = NoiseCorrelation.SharedAlongOneDirection(flat);
            var along = flat.Row > flat.Column ? "rows" : "columns";
            if (subsample == "auto")
            {
                shuffle = shared;
                decided = shared ? string.Create(CultureInfo.InvariantCulture, $"2 (pixel-shuffle; auto: noise shared along {along}, neighbour correlation {flat.Row:0.00} rows / {flat.Column:0.00} columns)") : null;
                if (shared && Interlocked.Exchange(ref _correlationChecked, 1) == 0)
                {
                    context.Logger.Info(
                        "DRUNet: the noise of frame {Frame} is shared between neighbouring pixels along {Direction} (neighbour correlation {Row:0.00} along rows, {Column:0.00} along columns, in its flattest blocks; white noise gives about -0.15 both ways): such frames are denoised with subsample=2 (pixel-shuffle, two network passes). subsample=off keeps one pass (docs/drunet.md).",
                        input.Metadata.FrameIndex, along, flat.Row, flat.Column);
                }
            }
            else if (shared)
            {
                context.Logger.Warn(
                    "DRUNet: the noise of frame {Frame} is shared between neighbouring pixels along {Direction} (neighbour correlation {Row:0.00} along rows, {Column:0.00} along columns, in its flattest blocks; white noise gives about -0.15 both ways). The network keeps such noise as a crinkled texture; subsample=2 or auto removes it (docs/drunet.md).",
                    input.Metadata.FrameIndex, along, flat.Row, flat.Column);
            }
        }

        var tiling = new TilingOptions(tile, Margin: Math.Min(32, ((tile / 2) - 8) / 8 * 8), Blend: 16);
        float[] result;
        string assumed;
        string engine;
        try
        {
            (result, assumed, engine) = _weights.Denoise(path, shipped, parameters.GetText("engine"), (int)parameters.GetInteger("threads"), context.Logger, input, noise, tiling, ensemble, shuffle, context.Cancellation);
        }
        catch (ArgumentException ex)
        {
            // Bad frames (NaN pixels, 1-pixel images) are the user's to fix: say so in the parameter-error form the host reports.
            throw new ParameterException("input", $"DRUNet cannot denoise frame {input.Metadata.FrameIndex}: {ex.Message}");
        }

        result.CopyTo(output.Pixels, 0);
        context.Note("weights", path is null ? shipped + " (shipped)" : Path.GetFileName(path));
        context.Note("noise", assumed);
        context.Note("engine", engine);
        if (ensemble)
        {
            context.Note("ensemble", "x8");
        }

        if (shuffle)
        {
            context.Note("subsample", decided ?? "2 (pixel-shuffle)");
        }
    }

    // Given camera parameters are used as they are; each one left at auto is estimated from the frame. A given gain
    // and read noise with the offset at auto take the offset as 0, as a calibrated camera's numbers usually mean.
    private static NoiseSpec Camera(ParameterValues parameters)
    {
        double? gain = parameters.IsAuto("gain") ? null : parameters.GetNumber("gain");
        double? read = parameters.IsAuto("read_noise") ? null : parameters.GetNumber("read_noise");
        var offset = parameters.IsAuto("offset") ? 0 : parameters.GetNumber("offset");
        return NoiseSpec.Mixed(gain, read, offset);
    }
}
