namespace Tacs.Sdk.Logging;

/// <summary>Severity of a log message.</summary>
public enum PluginLogLevel
{
    /// <summary>Detail for debugging.</summary>
    Debug,

    /// <summary>Normal progress.</summary>
    Information,

    /// <summary>Something the user should know about.</summary>
    Warning,

    /// <summary>Something failed.</summary>
    Error,
}

/// <summary>Structured logger handed to plugins. Message templates use named holes, as in
/// <c>"Estimated sigma {Sigma}"</c>, filled from <c>args</c> in order.</summary>
public interface IPluginLogger
{
    /// <summary>Writes a message.</summary>
    /// <param name="level">Severity.</param>
    /// <param name="messageTemplate">Template with named holes.</param>
    /// <param name="args">Values for the holes.</param>
    void Log(PluginLogLevel level, string messageTemplate, params object?[] args);
}

/// <summary>A logger that drops everything.</summary>
public sealed class NullPluginLogger : IPluginLogger
{
    /// <summary>The single instance.</summary>
    public static NullPluginLogger Instance { get; } = new();

    /// <inheritdoc />
    public void Log(PluginLogLevel level, string messageTemplate, params object?[] args)
    {
    }
}

/// <summary>Shorthands for <see cref="IPluginLogger.Log"/>.</summary>
public static class PluginLoggerExtensions
{
    /// <summary>Logs at <see cref="PluginLogLevel.Debug"/>.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="template">Message template.</param>
    /// <param name="args">Values for the holes.</param>
    public static void Debug(this IPluginLogger logger, string template, params object?[] args) => logger.Log(PluginLogLevel.Debug, template, args);

    /// <summary>Logs at <see cref="PluginLogLevel.Information"/>.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="template">Message template.</param>
    /// <param name="args">Values for the holes.</param>
    public static void Info(this IPluginLogger logger, string template, params object?[] args) => logger.Log(PluginLogLevel.Information, template, args);

    /// <summary>Logs at <see cref="PluginLogLevel.Warning"/>.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="template">Message template.</param>
    /// <param name="args">Values for the holes.</param>
    public static void Warn(this IPluginLogger logger, string template, params object?[] args) => logger.Log(PluginLogLevel.Warning, template, args);
}
