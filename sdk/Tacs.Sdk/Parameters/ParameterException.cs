namespace Tacs.Sdk.Parameters;

/// <summary>A parameter value was missing, malformed or out of range.</summary>
public sealed class ParameterException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="parameterName">The parameter at fault.</param>
    /// <param name="message">What was wrong and what is allowed.</param>
    public ParameterException(string parameterName, string message)
        : base(message)
    {
        ParameterName = parameterName;
    }

    /// <summary>The parameter at fault.</summary>
    public string ParameterName { get; }
}
