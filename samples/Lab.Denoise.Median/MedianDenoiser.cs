using Tacs.Sdk.Frames;
using Tacs.Sdk.Logging;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Lab.Denoise.Median;

/// <summary>
/// A square median filter: a robust smoother for salt-and-pepper noise and hot pixels.
/// An example of a plugin written by a lab against the tacs SDK alone.
/// </summary>
public sealed class MedianDenoiser : IDenoiser
{
    public PluginManifest Manifest { get; } = new("lab.median", "Median filter (sample)", "1.0.0")
    {
        Author = "Example lab",
        Description = "Replaces each pixel by the median of its (2·radius+1)² neighbourhood; borders are mirrored.",
        Parameters =
        [
            new ParameterSpec("radius", ParameterKind.Integer, "1", "Half-size of the square window.") { Minimum = 1, Maximum = 5, Unit = "px" },
        ],
    };

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        var radius = (int)parameters.GetInteger("radius");
        var (width, height) = (input.Width, input.Height);
        var source = input.Pixels;
        var target = output.Pixels;
        var window = (2 * radius) + 1;
        Parallel.For(0, height, new ParallelOptions { CancellationToken = context.Cancellation }, y =>
        {
            Span<float> values = stackalloc float[window * window];
            for (var x = 0; x < width; x++)
            {
                var n = 0;
                for (var dy = -radius; dy <= radius; dy++)
                {
                    var row = Mirror(y + dy, height) * width;
                    for (var dx = -radius; dx <= radius; dx++)
                    {
                        values[n++] = source[row + Mirror(x + dx, width)];
                    }
                }

                values.Sort();
                target[(y * width) + x] = values[n / 2];
            }
        });
        context.Logger.Debug("Median filtered {Width}x{Height} with radius {Radius}", width, height, radius);
    }

    // Mirror at the edges without repeating the edge pixel (…2 1 0 1 2…); folds until inside.
    private static int Mirror(int i, int size)
    {
        if (size == 1)
        {
            return 0;
        }

        while (i < 0 || i >= size)
        {
            i = i < 0 ? -i : (2 * (size - 1)) - i;
        }

        return i;
    }
}
