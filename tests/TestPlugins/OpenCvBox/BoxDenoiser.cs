using OpenCvSharp;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.TestPlugins.OpenCvBox;

/// <summary>A second OpenCV-based plugin, to run next to the Gaussian one in one host.</summary>
public sealed class BoxDenoiser : IDenoiser
{
    public PluginManifest Manifest { get; } = new("test.box", "Box filter", "1.0.0");

    public unsafe void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        fixed (float* source = input.Pixels)
        fixed (float* target = output.Pixels)
        {
            using var src = Mat.FromPixelData(input.Height, input.Width, MatType.CV_32FC1, (IntPtr)source);
            using var dst = Mat.FromPixelData(input.Height, input.Width, MatType.CV_32FC1, (IntPtr)target);
            Cv2.Blur(src, dst, new Size(3, 3), borderType: BorderTypes.Reflect101);
        }
    }
}
