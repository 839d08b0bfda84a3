namespace Tacs.Host.Imaging;

/// <summary>Opens image files by extension: TIFF through LibTiff.NET; PNG and JPEG through OpenCV.</summary>
public static class ImageFiles
{
    /// <summary>Extensions of TIFF files.</summary>
    public static readonly IReadOnlyList<string> TiffExtensions = [".tif", ".tiff"];

    /// <summary>Extensions of other readable images.</summary>
    public static readonly IReadOnlyList<string> OtherExtensions = [".png", ".jpg", ".jpeg"];

    /// <summary>True when the extension is one tacs reads.</summary>
    /// <param name="path">A file path.</param>
    public static bool IsSupported(string path) => IsTiff(path) || HasExtension(path, OtherExtensions);

    /// <summary>True for .tif and .tiff.</summary>
    /// <param name="path">A file path.</param>
    public static bool IsTiff(string path) => HasExtension(path, TiffExtensions);

    /// <summary>Opens an image file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Read limits, or null for defaults.</param>
    /// <exception cref="ImageReadException">Missing, unsupported, corrupt or too large.</exception>
    public static IImageSource Open(string path, ImageReadOptions? options = null)
    {
        options ??= ImageReadOptions.Default;
        if (!File.Exists(path))
        {
            throw new ImageReadException(path, Directory.Exists(path) ? "is a folder, not an image file." : "file not found.");
        }

        if (IsTiff(path))
        {
            var tiff = TiffImageSource.Open(path, options);
            return tiff.DatasetPlanes is { } planes ? new Dimensions.OmeDatasetSource(tiff, planes, options) : tiff;
        }

        if (HasExtension(path, OtherExtensions))
        {
            return OpenCvImageSource.Open(path, options);
        }

        throw new ImageReadException(path, $"unsupported file type '{System.IO.Path.GetExtension(path)}'; tacs reads {string.Join(", ", TiffExtensions.Concat(OtherExtensions))}.");
    }

    /// <summary>The readable images in a folder, sorted by name (not recursive).</summary>
    /// <param name="folder">The folder.</param>
    public static IReadOnlyList<string> InFolder(string folder) =>
        [.. Directory.EnumerateFiles(folder).Where(IsSupported).Order(StringComparer.Ordinal)];

    private static bool HasExtension(string path, IReadOnlyList<string> extensions) =>
        extensions.Contains(System.IO.Path.GetExtension(path).ToLowerInvariant());
}
