using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Live;

/// <summary>Replays the pages of an image file or TIFF stack at a set rate, optionally in a loop.</summary>
public sealed class StackReplaySource : IFrameSource
{
    private readonly string _path;
    private readonly double _framesPerSecond;
    private readonly long _frames;

    /// <summary>Opens the file to check it can be read.</summary>
    /// <param name="path">Image or stack.</param>
    /// <param name="framesPerSecond">Rate; 0 = as fast as possible.</param>
    /// <param name="frames">Frames to deliver (looping over the pages); 0 = each page once.</param>
    /// <exception cref="ImageReadException">The file cannot be read.</exception>
    public StackReplaySource(string path, double framesPerSecond, long frames = 0)
    {
        _path = Path.GetFullPath(path);
        _framesPerSecond = framesPerSecond;
        using var image = ImageFiles.Open(_path);
        PageCount = image.PageCount;
        _frames = frames > 0 ? frames : PageCount;
    }

    /// <summary>Pages in the file.</summary>
    public int PageCount { get; }

    /// <inheritdoc />
    public string Description => $"replay of {Path.GetFileName(_path)} ({PageCount} pages) at {(_framesPerSecond > 0 ? $"{_framesPerSecond:G} frames/s" : "full speed")}";

    /// <inheritdoc />
    public void Run(Action<ImageFrame> deliver, CancellationToken cancellation)
    {
        using var image = ImageFiles.Open(_path);
        var pacer = new Pacer(_framesPerSecond);
        for (long i = 0; i < _frames && !cancellation.IsCancellationRequested; i++)
        {
            pacer.WaitFor(i, cancellation);
            var frame = image.ReadPage((int)(i % PageCount));
            frame.Metadata.FrameIndex = i;
            frame.Metadata.Timestamp = DateTimeOffset.UtcNow;
            deliver(frame);
        }
    }
}
