using System.Diagnostics;
using Tacs.Host.Chains;
using Tacs.Host.Plugins;
using Tacs.Sdk.Frames;

namespace Tacs.Validation.Study;

/// <summary>A way of treating the noisy images: the raw baseline (no chain) or a chain of installed plugins.</summary>
internal sealed class DenoisingMethod
{
    private readonly DenoiseCache? _cache;
    private readonly string _cacheKey;

    private DenoisingMethod(string name, Chain? chain, DenoiseCache? cache = null)
    {
        Name = name;
        Chain = chain;
        _cache = cache;
        _cacheKey = chain is null ? string.Empty : DenoiseCache.ChainKey(chain);
    }

    public string Name { get; }

    public Chain? Chain { get; }

    public string ChainText => Chain?.ToString() ?? "(none)";

    /// <summary>Builds the methods; a chain whose plugin is missing or whose parameters are bad is an error that names it.</summary>
    /// <exception cref="ArgumentException">A method is invalid.</exception>
    public static IReadOnlyList<DenoisingMethod> Build(IReadOnlyList<string> chains, PluginCatalog catalog, Serilog.ILogger log, DenoiseCache? cache = null)
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

                methods.Add(new DenoisingMethod(chain.ToString(), chain, cache));
            }
            catch (ChainException ex)
            {
                throw new ArgumentException($"Method '{text}' cannot be used: {ex.Message}", ex);
            }
        }

        return methods;
    }

    /// <summary>Denoises 16-bit pixels (returns the input itself for the raw baseline).</summary>
    public float[] Apply(float[] noisy, int width, int height) => Denoise(noisy, width, height).Pixels;

    /// <summary>Denoises 16-bit pixels and says how long it took (the input itself and 0 ms for the raw baseline).</summary>
    public (float[] Pixels, double Milliseconds) Denoise(float[] noisy, int width, int height)
    {
        if (Chain is null)
        {
            return (noisy, 0);
        }

        var chain = Chain;
        (float[], double) Run()
        {
            var started = Stopwatch.GetTimestamp();
            var output = chain.Process(new ImageFrame(width, height, noisy, SampleFormat.UInt16)).Pixels;
            return (output, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        // A cached image keeps the time its denoising took, so the report's ms/image stays the method's cost.
        return _cache is null ? Run() : _cache.GetOrAdd(_cacheKey, noisy, width, height, Run);
    }
}
