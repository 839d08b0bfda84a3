namespace Tacs.Host.Plugins;

/// <summary>A plugin folder could not be loaded; the message says why and what to do.</summary>
public sealed class PluginLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Reason and remedy.</param>
    /// <param name="inner">Underlying error, if any.</param>
    public PluginLoadException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
