using Tacs.Host.Logging;
using Tacs.Host.Plugins;
using Tacs.Sdk.Logging;
using Tacs.Sdk.Parameters;

namespace Tacs.Host.Chains;

/// <summary>A resolved step: a plugin slot and the parameters validated against the version in the slot.</summary>
public sealed class ChainStep
{
    private readonly Serilog.ILogger _log;
    private Prepared _prepared;

    internal ChainStep(StepSpec spec, PluginSlot slot, ParameterValues values, Serilog.ILogger log)
    {
        Spec = spec;
        Slot = slot;
        _log = log;
        _prepared = new Prepared(slot.Current, values, new SerilogPluginLogger(log, slot.Current.Manifest.Id));
    }

    /// <summary>The step as written.</summary>
    public StepSpec Spec { get; }

    /// <summary>The plugin's slot; its version can change between frames.</summary>
    public PluginSlot Slot { get; }

    /// <summary>Parameters and logger for <paramref name="instance"/>: re-validated once when a new version was swapped
    /// in, since its manifest may declare other parameters.</summary>
    /// <exception cref="ChainException">The new version rejects the step's parameters.</exception>
    internal (ParameterValues Values, IPluginLogger Logger) PrepareFor(PluginInstance instance)
    {
        var prepared = _prepared;
        if (!ReferenceEquals(prepared.Instance, instance))
        {
            prepared = new Prepared(instance, ChainBuilder.Validate(Spec, instance), new SerilogPluginLogger(_log, instance.Manifest.Id));
            _prepared = prepared;
        }

        return (prepared.Values, prepared.Logger);
    }

    // What a step needs per plugin version, made once when the version first runs.
    private sealed record Prepared(PluginInstance Instance, ParameterValues Values, IPluginLogger Logger);
}
