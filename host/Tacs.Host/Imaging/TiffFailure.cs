namespace Tacs.Host.Imaging;

/// <summary>
/// Turns whatever LibTiff or .NET threw while reading a TIFF file into an <see cref="ImageReadException"/>
/// that names the file and page and says in words what was wrong, keeping LibTiff's own messages and the
/// original exception (as the inner exception and in brackets) for a bug report.
/// </summary>
internal static class TiffFailure
{
    public static ImageReadException Wrap(string path, int? page, Exception ex)
    {
        var reason = ex switch
        {
            OutOfMemoryException or InsufficientExecutionStackException => "its header asks for more memory than is available, so it is damaged",
            OverflowException or ArithmeticException => "a size or offset in its header is out of range, so the header is damaged",
            InvalidCastException => "a field in its header has the wrong type, so the header is damaged",
            EndOfStreamException => "the file ends early: it is truncated",
            UnauthorizedAccessException => "permission denied",
            FileNotFoundException or DirectoryNotFoundException => "the file no longer exists",
            IOException => "the file could not be read from disk",
            IndexOutOfRangeException or ArgumentException or InvalidOperationException or NullReferenceException => "its header or data are inconsistent, so the file is damaged",
            InvalidDataException => "its structure is damaged",
            _ => "it is damaged or in a form tacs cannot decode",
        };
        var libtiff = TiffErrors.Take();
        var where = page is int p ? $"page {p} cannot be read" : "cannot be opened";
        var detail = libtiff.Length > 0 ? $"LibTiff: {libtiff}; " : string.Empty;
        var message = ex.Message.Length > 200 ? ex.Message[..200] + "…" : ex.Message;
        return new ImageReadException(path, $"{where}: {reason} ({detail}{ex.GetType().Name}: {message}).", ex);
    }
}
