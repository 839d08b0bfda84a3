namespace Tacs.Collagen.Boundaries;

/// <summary>A tumour boundary file or mask was missing, malformed or did not fit the image.
/// The message says what was wrong and what to do.</summary>
public sealed class BoundaryException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong and what to do.</param>
    public BoundaryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What was wrong and what to do.</param>
    /// <param name="inner">The cause.</param>
    public BoundaryException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
