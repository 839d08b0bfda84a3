using OpenCvSharp;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.Plugins.Gaussian;

/// <summary>Gaussian smoothing through OpenCV's separable float32 blur, mirrored borders.</summary>
public sealed class GaussianDenoiser : IDenoiser
{
    /// <summary>Default standard deviation in pixels.</summary>
    public const double DefaultSigma = 1.0;

    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("denoise.gaussian", "Gaussian blur", "1.0.0")
    {
        Author = "Tacs contributors",
        Description = "Smooths with a Gaussian kernel (OpenCV, separable, float32). Fast baseline; blurs edges along with noise.",
        Parameters =
        [
            new ParameterSpec("sigma", ParameterKind.Number, "1.0", "Standard deviation of the kernel.")
            {
                Minimum = 0.1,
                Maximum = 50,
                Unit = "px",
            },
        ],
    };

    /// <inheritdoc />
    public unsafe void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        var sigma = parameters.GetNumber("sigma");
        fixed (float* source = input.Pixels)
        fixed (float* target = output.Pixels)
        {
            using var src = Mat.FromPixelData(input.Height, input.Width, MatType.CV_32FC1, (IntPtr)source);
            using var dst = Mat.FromPixelData(output.Height, output.Width, MatType.CV_32FC1, (IntPtr)target);
            Cv2.GaussianBlur(src, dst, new Size(0, 0), sigma, sigma, BorderTypes.Reflect101);
        }
    }
}
