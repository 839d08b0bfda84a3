namespace Tacs.Host.Chains;

/// <summary>A chain could not be parsed or built; the message names the step and the parameter at fault.</summary>
public sealed class ChainException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong, naming the step.</param>
    /// <param name="inner">The underlying error.</param>
    public ChainException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
