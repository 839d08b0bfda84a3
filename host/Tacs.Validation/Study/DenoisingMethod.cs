using System.Diagnostics;
using Tacs.Host.Chains;
using Tacs.Host.Plugins;
using Tacs.Sdk.Frames;

namespace Tacs.Validation.Study;

/// <summary>A way of treating the noisy images: the raw baseline (no chain) or a chain of installed plugins.</summary>
internal sealed class DenoisingMethod
{
    private long _ticks;
    private long _images;

    private DenoisingMethod(string name, Chain? chain)
    {
        Name = name;
        Chain = chain;
    }

    public string Name { get; }

    public Chain? Chain { get; }

    public string ChainText => Chain?.ToString() ?? "(none)";

    public double MillisecondsPerImage => _images == 0 ? 0 : TimeSpan.FromTicks(_ticks).TotalMilliseconds / _images;

    /// <summary>Builds the methods; a chain whose plugin is missing or whose parameters are bad is an error that names it.</summary>
    /// <exception cref="ArgumentException">A method is invalid.</exception>
    public static IReadOnlyList<DenoisingMethod> Build(IReadOnlyList<string> chains, PluginCatalog catalog, Serilog.ILogger log)
    {
        var methods = new List<DenoisingMethod> { new("raw", null) };
        foreach (var text in chains)
        {
            try
            {
                // Named by the whole chain: two settings of one plugin stay apart in the report.
                var chain = ChainBuilder.Build(text, catalog, log);
                if (methods.Any(m => m.Name == chain.ToString()))
                {
                    throw new ArgumentException($"Method '{text}' is given twice.");
                }

                methods.Add(new DenoisingMethod(chain.ToString(), chain));
            }
            catch (ChainException ex)
            {
                throw new ArgumentException($"Method '{text}' cannot be used: {ex.Message}", ex);
            }
        }

        return methods;
    }

    /// <summary>Denoises 16-bit pixels (returns the input itself for the raw baseline).</summary>
    public float[] Apply(float[] noisy, int width, int height)
    {
        if (Chain is null)
        {
            return noisy;
        }

        var started = Stopwatch.GetTimestamp();
        var output = Chain.Process(new ImageFrame(width, height, noisy, SampleFormat.UInt16)).Pixels;
        Interlocked.Add(ref _ticks, Stopwatch.GetElapsedTime(started).Ticks);
        Interlocked.Increment(ref _images);
        return output;
    }
}
