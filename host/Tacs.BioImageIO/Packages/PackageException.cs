namespace Tacs.BioImageIO.Packages;

/// <summary>A model package that cannot be used: missing or corrupt file, bad checksum, unreadable or
/// unsupported description. The message names the package, the file and what to do.</summary>
public sealed class PackageException : IOException
{
    /// <summary>Creates the exception.</summary>
    public PackageException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
