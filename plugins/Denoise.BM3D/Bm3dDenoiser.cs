using System.Globalization;
using Tacs.Plugins.Bm3d.Noise;
using Tacs.Plugins.Bm3d.Profiles;
using Tacs.Plugins.Bm3d.Simd;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Logging;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.Plugins.Bm3d;

/// <summary>
/// BM3D denoising (Dabov et al. 2007): block matching with collaborative hard thresholding, then collaborative
/// Wiener filtering. Gaussian noise of a given or estimated σ, or Poisson–Gaussian camera noise through the
/// generalised Anscombe transform and its exact unbiased inverse.
/// </summary>
public sealed partial class Bm3dDenoiser : IVolumeDenoiser
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("denoise.bm3d", "BM3D", "1.0.0")
    {
        Author = "Tacs contributors",
        Description = "Two-stage BM3D (bior1.5/DCT, Walsh–Hadamard, Kaiser aggregation) with σ estimation and a Poisson–Gaussian mode; profiles reference and fast.",
        Parameters =
        [
            new ParameterSpec("sigma", ParameterKind.Number, "auto", "Standard deviation of the Gaussian noise, or auto to estimate it (noise=gaussian).")
            {
                Minimum = 0,
                Maximum = 1e6,
                Unit = "grey levels",
                AllowsAuto = true,
            },
            new ParameterSpec("profile", ParameterKind.Choice, "reference", "reference: published parameters; fast: sparser grid and smaller search for live use.")
            {
                Choices = Bm3dProfile.Names,
            },
            new ParameterSpec("noise", ParameterKind.Choice, "gaussian", "gaussian: additive white noise of level sigma; poisson-gaussian: camera shot and read noise (gain, read_noise, offset).")
            {
                Choices = ["gaussian", "poisson-gaussian"],
            },
            new ParameterSpec("gain", ParameterKind.Number, "auto", "Camera gain in grey levels per photo-electron, or auto to estimate it (noise=poisson-gaussian).")
            {
                Minimum = 1e-6,
                Maximum = 1e6,
                Unit = "grey levels/e⁻",
                AllowsAuto = true,
            },
            new ParameterSpec("read_noise", ParameterKind.Number, "auto", "Standard deviation of the camera's Gaussian read noise, or auto to estimate it (noise=poisson-gaussian).")
            {
                Minimum = 0,
                Maximum = 1e6,
                Unit = "grey levels",
                AllowsAuto = true,
            },
            new ParameterSpec("offset", ParameterKind.Number, "0", "Camera baseline (dark level) in grey levels (noise=poisson-gaussian).")
            {
                Minimum = -1e6,
                Maximum = 1e6,
                Unit = "grey levels",
            },
            new ParameterSpec("volume", ParameterKind.Choice, "2d", "2d: each z-slice alone; 3d: block matching also in the neighbouring z-slices of the same channel and time point (z-stacks, noise=gaussian).")
            {
                Choices = ["2d", "3d"],
            },
            new ParameterSpec("z_radius", ParameterKind.Integer, "1", "Neighbouring slices searched on each side with volume=3d.")
            {
                Minimum = 1,
                Maximum = 4,
                Unit = "slices",
            },
            new ParameterSpec("threads", ParameterKind.Integer, "0", "Worker threads; 0 uses every core.")
            {
                Minimum = 0,
                Maximum = 1024,
            },
        ],
    };

    /// <inheritdoc />
    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        RequireFinite(input);
        var profile = parameters.GetText("profile");
        var threads = (int)parameters.GetInteger("threads");
        threads = threads == 0 ? Environment.ProcessorCount : threads;
        var fullScale = FullScale(input);
        float[] result;
        if (parameters.GetText("noise") == "poisson-gaussian")
        {
            try
            {
                result = DenoisePoissonGaussian(input, parameters, context, profile, threads);
            }
            catch (ArgumentException ex) when (parameters.IsAuto("gain"))
            {
                // The estimate failed on this frame (too few photons, flat, or not camera noise). In a batch or a live
                // run, one odd frame should not go unprocessed: denoise it as Gaussian noise and say so.
                context.Logger.Warn("BM3D: {Reason} This frame is denoised as Gaussian noise with an estimated sigma.", ex.Message);
                context.Note("noise_fallback", "gaussian: " + ex.Message);
                result = DenoiseGaussian(input, parameters, context, profile, threads, fullScale);
            }
        }
        else
        {
            result = DenoiseGaussian(input, parameters, context, profile, threads, fullScale);
        }

        result.CopyTo(output.Pixels, 0);
    }

    private static float[] DenoiseGaussian(ImageFrame input, ParameterValues parameters, PluginContext context, string profile, int threads, double fullScale)
    {
        var sigma = SigmaOf(input, parameters, context);
        context.Logger.Debug("BM3D {Profile} on {Width}x{Height}, sigma {Sigma:F3}", profile, input.Width, input.Height, sigma);
        if (sigma == 0)
        {
            context.Logger.Warn("BM3D: sigma is 0, the frame is returned unchanged");
        }
        else if (sigma > fullScale)
        {
            // Every coefficient falls under such a threshold, so the output tends to zero, not to the mean.
            context.Logger.Warn("BM3D: sigma {Sigma:G4} exceeds the frame's grey-level range {Range:G4}; check the value (it is in grey levels)", sigma, fullScale);
        }

        return Bm3dAlgorithm.Denoise(input.Pixels, input.Width, input.Height, sigma, fullScale, profile, threads, SimdSupport.Best, context.Cancellation);
    }

    private static double SigmaOf(ImageFrame input, ParameterValues parameters, PluginContext context)
    {
        if (!parameters.IsAuto("sigma"))
        {
            return parameters.GetNumber("sigma");
        }

        var sigma = NoiseLevelEstimator.EstimateSigma(input.Pixels, input.Width, input.Height);
        context.Logger.Debug("BM3D estimated sigma {Sigma:F3} grey levels (MAD of finest diagonal wavelet coefficients)", sigma);
        context.Note("sigma_estimated", Invariant(sigma));
        return sigma;
    }

    private static float[] DenoisePoissonGaussian(ImageFrame input, ParameterValues parameters, PluginContext context, string profile, int threads)
    {
        var offset = parameters.GetNumber("offset");
        double? gain = parameters.IsAuto("gain") ? null : parameters.GetNumber("gain");
        double? readNoise = parameters.IsAuto("read_noise") ? null : parameters.GetNumber("read_noise");
        if (gain is null || readNoise is null)
        {
            // The fit gives var = gain·z + c with c = readNoise² − gain·offset.
            var (fitGain, fitConstant) = (gain, readNoise) switch
            {
                (double g, null) => PoissonGaussianFit.Fit(input.Pixels, input.Width, input.Height, g, null),
                (null, double r) => FitGainWithReadNoise(input, r, offset),
                _ => PoissonGaussianFit.Fit(input.Pixels, input.Width, input.Height, null, null),
            };
            gain ??= fitGain;
            if (readNoise is null)
            {
                // c = readNoise² − gain·offset; a negative c means a baseline above the given offset: take it
                // as offset with no read noise rather than an impossible negative variance.
                var variance = fitConstant + (fitGain * offset);
                if (variance < 0)
                {
                    offset = -fitConstant / fitGain;
                    context.Note("offset_estimated", Invariant(offset));
                }

                readNoise = Math.Sqrt(Math.Max(0, variance));
            }

            context.Note("gain_estimated", Invariant(gain.Value));
            context.Note("read_noise_estimated", Invariant(readNoise.Value));
            context.Logger.Debug("BM3D estimated gain {Gain:G4} grey levels/e-, read noise {ReadNoise:G4} grey levels (offset {Offset})", gain.Value, readNoise.Value, offset);
        }

        var anscombe = new GeneralizedAnscombe(gain.Value, readNoise.Value, offset);
        var stabilised = new float[input.Pixels.Length];
        anscombe.Forward(input.Pixels, stabilised);
        var span = anscombe.Forward(offset + FullScale(input)) - anscombe.Forward(offset);
        context.Logger.Debug("BM3D {Profile} on {Width}x{Height}, Poisson-Gaussian (unit variance after the Anscombe transform)", profile, input.Width, input.Height);
        var denoised = Bm3dAlgorithm.Denoise(stabilised, input.Width, input.Height, 1.0, span, profile, threads, SimdSupport.Best, context.Cancellation);
        anscombe.Inverse(denoised, denoised);
        return denoised;
    }

    private static (double Gain, double Constant) FitGainWithReadNoise(ImageFrame input, double readNoise, double offset)
    {
        // var = gain·(z − offset) + readNoise²: a line through (offset, readNoise²); fit by trying the fit with
        // c = readNoise² − gain·offset for the gain of an unconstrained fit, then once more with the refined gain.
        var (gain, _) = PoissonGaussianFit.Fit(input.Pixels, input.Width, input.Height, null, null);
        for (var i = 0; i < 3; i++)
        {
            (gain, _) = PoissonGaussianFit.Fit(input.Pixels, input.Width, input.Height, null, (readNoise * readNoise) - (gain * offset));
        }

        return (gain, (readNoise * readNoise) - (gain * offset));
    }

    // The grey-level span that maps to 0–255 inside the algorithm: the source format's range, or for float data
    // without a declared range, the observed one.
    internal static double FullScale(ImageFrame frame)
    {
        var span = (double)frame.SourceRange.Max - frame.SourceRange.Min;
        if (double.IsFinite(span) && span > 0 && span < 1e30)
        {
            return span;
        }

        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var v in frame.Pixels)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return max > min ? max - min : 1.0;
    }

    private static void RequireFinite(ImageFrame input)
    {
        var bad = 0;
        var first = -1;
        for (var i = 0; i < input.Pixels.Length; i++)
        {
            if (!float.IsFinite(input.Pixels[i]))
            {
                bad++;
                first = first < 0 ? i : first;
            }
        }

        if (bad > 0)
        {
            throw new ArgumentException(
                $"The frame has {bad} NaN or infinite pixel(s), the first at x={first % input.Width}, y={first / input.Width}; "
                + "BM3D needs finite values. Replace them first (for example with the local median or the frame's mean).");
        }
    }

    private static string Invariant(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
