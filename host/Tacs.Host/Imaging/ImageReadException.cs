namespace Tacs.Host.Imaging;

/// <summary>An image file could not be read; the message names the file and says what was wrong.</summary>
public sealed class ImageReadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file.</param>
    /// <param name="problem">What was wrong.</param>
    /// <param name="inner">Underlying error.</param>
    public ImageReadException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }
}
