namespace Tacs.Collagen.Classification;

/// <summary>A model file is missing, damaged, of another feature version, or does not fit the features at hand.
/// The message says what to do.</summary>
public sealed class ModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong and what to do.</param>
    public ModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What was wrong and what to do.</param>
    /// <param name="inner">The cause.</param>
    public ModelException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
