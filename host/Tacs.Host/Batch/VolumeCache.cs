using Tacs.Host.Imaging;
using Tacs.Host.Imaging.Dimensions;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Batch;

/// <summary>
/// Hands out a stack's processed pages in any order while processing them a z-stack (one channel and time point)
/// at a time, for chains with a step that wants whole volumes. A volume is read and processed when its first page
/// is asked for and dropped once all its pages were handed out, so memory holds the volumes the page order has
/// open at once (one time point's channels for ImageJ's channel-z-time order).
/// </summary>
internal sealed class VolumeCache
{
    private readonly IImageSource _image;
    private readonly StackLayout _layout;
    private readonly Func<int[], IReadOnlyList<ImageFrame>, IReadOnlyList<ImageFrame>> _process;
    private readonly Dictionary<(int Channel, int Time), Open> _open = [];

    /// <param name="image">The stack.</param>
    /// <param name="process">Processes one volume: its pages' indices and frames in z order, to results in the same order.</param>
    public VolumeCache(IImageSource image, Func<int[], IReadOnlyList<ImageFrame>, IReadOnlyList<ImageFrame>> process)
    {
        _image = image;
        _layout = image.Layout;
        _process = process;
    }

    /// <summary>The processed frame of page <paramref name="page"/> (0-based, file order).</summary>
    public ImageFrame Take(int page)
    {
        var (c, z, t) = _layout.PositionOf(page);
        if (!_open.TryGetValue((c, t), out var open))
        {
            var pages = Enumerable.Range(0, _layout.Slices).Select(slice => _layout.PageOf(c, slice, t)).ToArray();
            open = new Open(_process(pages, [.. pages.Select(_image.ReadPage)]), _layout.Slices);
            _open[(c, t)] = open;
        }

        if (--open.Left == 0)
        {
            _open.Remove((c, t));
        }

        return open.Frames[z];
    }

    private sealed class Open(IReadOnlyList<ImageFrame> frames, int left)
    {
        public IReadOnlyList<ImageFrame> Frames { get; } = frames;

        public int Left { get; set; } = left;
    }
}
