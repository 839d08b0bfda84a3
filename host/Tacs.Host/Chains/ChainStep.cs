using Tacs.Host.Logging;
using Tacs.Host.Plugins;
using Tacs.Sdk.Logging;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.Host.Chains;

/// <summary>A resolved step: a plugin slot and the parameters validated against the version in the slot.</summary>
public sealed class ChainStep
{
    private readonly Serilog.ILogger _log;
    private Prepared _prepared;
    private volatile Replacement? _replacement;
    private long _timedOut;
    private long _abandoned;

    internal ChainStep(StepSpec spec, PluginSlot slot, ParameterValues values, Serilog.ILogger log)
    {
        Spec = spec;
        Slot = slot;
        _log = log;
        _prepared = new Prepared(slot.Current, values, new SerilogPluginLogger(log, slot.Current.Manifest.Id));
        Workers = new StepWorkers($"{spec.Position} {slot.Id}");
    }

    /// <summary>The step as written.</summary>
    public StepSpec Spec { get; }

    /// <summary>The plugin's slot; its version can change between frames.</summary>
    public PluginSlot Slot { get; }

    /// <summary>Calls that ran past the step time limit.</summary>
    public long TimedOut => Interlocked.Read(ref _timedOut);

    /// <summary>Timed-out calls whose plugin did not stop when cancelled: left running, the step went on without them.</summary>
    public long Abandoned => Interlocked.Read(ref _abandoned);

    /// <summary>Threads that ran this step's calls under a time limit.</summary>
    internal StepWorkers Workers { get; }

    /// <summary>The object to call for <paramref name="instance"/>: after an abandoned call, a fresh object of the
    /// same class, since the abandoned one may still hold locks or state of the call that hung.</summary>
    internal IPlugin PluginFor(PluginInstance instance) =>
        _replacement is { } r && ReferenceEquals(r.For, instance) ? r.Plugin : instance.Plugin;

    internal void CountTimeout() => Interlocked.Increment(ref _timedOut);

    /// <summary>Counts an abandoned call and makes a fresh plugin object for the next frames.</summary>
    internal void Abandon(PluginInstance instance)
    {
        Interlocked.Increment(ref _abandoned);
        try
        {
            var fresh = (IPlugin)Activator.CreateInstance(instance.Plugin.GetType())!;
            _replacement = new Replacement(instance, fresh);
            _log.Warning("Step {Position} ({Id}): a call ignored cancellation and was abandoned; next frames use a fresh instance", Spec.Position, instance.Manifest.Id);
        }
        catch (Exception ex) when (ex is System.Reflection.TargetInvocationException or MissingMethodException or MemberAccessException)
        {
            _log.Warning("Step {Position} ({Id}): a call was abandoned and a fresh instance could not be made ({Message}); the same instance goes on", Spec.Position, instance.Manifest.Id, ex.InnerException?.Message ?? ex.Message);
        }
    }

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

    // A fresh object standing in for a version whose object had a call abandoned.
    private sealed record Replacement(PluginInstance For, IPlugin Plugin);
}
