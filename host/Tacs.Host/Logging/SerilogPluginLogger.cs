using Serilog;
using Serilog.Events;
using Tacs.Sdk.Logging;

namespace Tacs.Host.Logging;

/// <summary>Hands a plugin a Serilog logger tagged with the plugin's id.</summary>
public sealed class SerilogPluginLogger : IPluginLogger
{
    private readonly ILogger _log;

    /// <summary>Creates the adapter.</summary>
    /// <param name="log">The host's logger.</param>
    /// <param name="pluginId">Added to every event as <c>Plugin</c>.</param>
    public SerilogPluginLogger(ILogger log, string pluginId) => _log = log.ForContext("Plugin", pluginId);

    /// <inheritdoc />
    public void Log(PluginLogLevel level, string messageTemplate, params object?[] args)
    {
        var serilogLevel = level switch
        {
            PluginLogLevel.Debug => LogEventLevel.Debug,
            PluginLogLevel.Information => LogEventLevel.Information,
            PluginLogLevel.Warning => LogEventLevel.Warning,
            _ => LogEventLevel.Error,
        };
        _log.Write(serilogLevel, messageTemplate, args);
    }
}
