namespace Tacs.Sdk.Parameters;

/// <summary>Type of a plugin parameter.</summary>
public enum ParameterKind
{
    /// <summary>A real number, optionally bounded.</summary>
    Number,

    /// <summary>A whole number, optionally bounded.</summary>
    Integer,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>One of a fixed list of words.</summary>
    Choice,

    /// <summary>A path to a file; the host checks that it exists.</summary>
    FilePath,
}
