using Tacs.Host.Plugins;
using Tacs.Sdk.Parameters;

namespace Tacs.Host.Chains;

/// <summary>A resolved step: a plugin slot and the parameters validated against the version in the slot.</summary>
public sealed class ChainStep
{
    private (PluginInstance Instance, ParameterValues Values) _validated;

    internal ChainStep(StepSpec spec, PluginSlot slot, ParameterValues values)
    {
        Spec = spec;
        Slot = slot;
        _validated = (slot.Current, values);
    }

    /// <summary>The step as written.</summary>
    public StepSpec Spec { get; }

    /// <summary>The plugin's slot; its version can change between frames.</summary>
    public PluginSlot Slot { get; }

    /// <summary>Parameters for <paramref name="instance"/>: re-validated once when a new version was swapped in,
    /// since its manifest may declare other parameters.</summary>
    /// <exception cref="ChainException">The new version rejects the step's parameters.</exception>
    internal ParameterValues ValuesFor(PluginInstance instance)
    {
        var validated = _validated;
        if (ReferenceEquals(validated.Instance, instance))
        {
            return validated.Values;
        }

        var values = ChainBuilder.Validate(Spec, instance);
        _validated = (instance, values);
        return values;
    }
}
