using Tacs.Host.Plugins;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.Host.Chains;

/// <summary>Turns a <see cref="ChainSpec"/> into a runnable <see cref="Chain"/>: resolves each plugin and
/// validates its parameters once, when the chain is built.</summary>
public static class ChainBuilder
{
    /// <summary>Builds a chain.</summary>
    /// <param name="spec">The parsed chain.</param>
    /// <param name="catalog">Installed plugins.</param>
    /// <param name="log">Logger for the chain and its plugins.</param>
    /// <exception cref="ChainException">A plugin is missing, failed, of a kind that cannot run in a chain, or a parameter is bad.</exception>
    public static Chain Build(ChainSpec spec, PluginCatalog catalog, Serilog.ILogger log)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var steps = new List<ChainStep>();
        foreach (var stepSpec in spec.Steps)
        {
            PluginSlot slot;
            try
            {
                slot = catalog.Resolve(stepSpec.Plugin);
            }
            catch (KeyNotFoundException ex)
            {
                throw new ChainException($"Step {stepSpec.Position} '{stepSpec.Plugin}': {ex.Message}", ex);
            }

            var instance = slot.Current;
            if (instance.Plugin is not (IDenoiser or IAnalyser))
            {
                throw new ChainException($"Step {stepSpec.Position} '{stepSpec.Plugin}': plugin kind {instance.Kind} cannot run in a chain.");
            }

            steps.Add(new ChainStep(stepSpec, slot, Validate(stepSpec, instance), log));
        }

        return new Chain(steps);
    }

    /// <summary>Parses and builds in one go.</summary>
    /// <param name="text">Chain text.</param>
    /// <param name="catalog">Installed plugins.</param>
    /// <param name="log">Logger.</param>
    public static Chain Build(string text, PluginCatalog catalog, Serilog.ILogger log) => Build(ChainSpec.Parse(text), catalog, log);

    internal static ParameterValues Validate(StepSpec spec, PluginInstance instance)
    {
        try
        {
            return ParameterValues.Create(instance.Manifest.Parameters, spec.Parameters);
        }
        catch (ParameterException ex)
        {
            throw new ChainException($"Step {spec.Position} '{spec.Plugin}' ({instance.Manifest.Id} {instance.Manifest.Version}): {ex.Message}", ex);
        }
    }
}
