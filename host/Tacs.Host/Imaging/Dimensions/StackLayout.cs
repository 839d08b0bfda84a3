using Tacs.Sdk.Frames;

namespace Tacs.Host.Imaging.Dimensions;

/// <summary>How a stack's header describes its pages: not at all, as an ImageJ hyperstack, or as OME-TIFF.</summary>
public enum StackContainer
{
    /// <summary>No dimensions recorded (a flat stack or a single image).</summary>
    Plain,

    /// <summary>ImageJ description: <c>channels=</c>, <c>slices=</c>, <c>frames=</c>, pages in czt order.</summary>
    ImageJ,

    /// <summary>OME-XML in the first page's description: DimensionOrder, SizeC/Z/T, physical sizes, channel names.</summary>
    Ome,
}

/// <summary>
/// The dimensions of a stack of 2-D pages: how many channels, z-slices and time points, in which order the pages
/// hold them, and the physical sizes. Pages are read and written in file order, so a stack keeps its layout
/// through a command by handing this record from the reader to the writer.
/// </summary>
public sealed record StackLayout
{
    /// <summary>The default order: channel varies fastest, then z, then time (ImageJ's only order).</summary>
    public const string DefaultOrder = "XYCZT";

    /// <summary>Where the dimensions came from, and so how the output records them by default.</summary>
    public StackContainer Container { get; init; }

    /// <summary>Number of channels.</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Number of z-slices.</summary>
    public int Slices { get; init; } = 1;

    /// <summary>Number of time points.</summary>
    public int TimePoints { get; init; } = 1;

    /// <summary>OME dimension order: XY then C, Z and T in the order they vary, fastest first.</summary>
    public string DimensionOrder { get; init; } = DefaultOrder;

    /// <summary>Pixel width in micrometres, when known.</summary>
    public double? PixelWidthMicrons { get; init; }

    /// <summary>Pixel height in micrometres, when known.</summary>
    public double? PixelHeightMicrons { get; init; }

    /// <summary>Z-slice spacing in micrometres, when known.</summary>
    public double? SliceSpacingMicrons { get; init; }

    /// <summary>Time between time points in seconds, when known.</summary>
    public double? TimeIncrementSeconds { get; init; }

    /// <summary>Channel names, one per channel (null where unnamed), or empty.</summary>
    public IReadOnlyList<string?> ChannelNames { get; init; } = [];

    /// <summary>Number of pages the layout describes.</summary>
    public int Pages => Channels * Slices * TimePoints;

    /// <summary>True when the stack has more than one channel or time point (a plain z-stack is not).</summary>
    public bool IsHyperstack => Channels > 1 || TimePoints > 1;

    /// <summary>A stack of <paramref name="pages"/> z-slices with nothing else known.</summary>
    public static StackLayout Flat(int pages, StackContainer container = StackContainer.Plain) =>
        new() { Container = container, Slices = Math.Max(1, pages) };

    /// <summary>True for a valid order: "XY" followed by C, Z and T once each.</summary>
    public static bool IsValidOrder(string order) =>
        order.Length == 5 && order.StartsWith("XY", StringComparison.Ordinal) && order[2..].Order().SequenceEqual("CTZ");

    /// <summary>Channel, slice and time point of page <paramref name="page"/> (0-based).</summary>
    public (int Channel, int Slice, int Time) PositionOf(int page)
    {
        int c = 0, z = 0, t = 0;
        var rest = page;
        foreach (var axis in DimensionOrder[2..])
        {
            var size = SizeOf(axis);
            var index = rest % size;
            rest /= size;
            switch (axis)
            {
                case 'C': c = index; break;
                case 'Z': z = index; break;
                default: t = index; break;
            }
        }

        return (c, z, t);
    }

    /// <summary>The page (0-based) holding channel <paramref name="channel"/>, slice <paramref name="slice"/> and time point <paramref name="time"/>.</summary>
    public int PageOf(int channel, int slice, int time)
    {
        var page = 0;
        var stride = 1;
        foreach (var axis in DimensionOrder[2..])
        {
            page += stride * (axis switch { 'C' => channel, 'Z' => slice, _ => time });
            stride *= SizeOf(axis);
        }

        return page;
    }

    /// <summary>The position the SDK hands plugins for page <paramref name="page"/>.</summary>
    public FramePosition FramePositionOf(int page)
    {
        var (c, z, t) = PositionOf(page);
        return new FramePosition(c, z, t, Channels, Slices, TimePoints)
        {
            ChannelName = c < ChannelNames.Count ? ChannelNames[c] : null,
            PixelWidthMicrons = PixelWidthMicrons,
            PixelHeightMicrons = PixelHeightMicrons,
            SliceSpacingMicrons = SliceSpacingMicrons,
            TimeIncrementSeconds = TimeIncrementSeconds,
        };
    }

    /// <summary>The dimensions as text, for logs: <c>2 channels × 3 slices × 2 time points (XYCZT)</c>.</summary>
    public string Describe() =>
        $"{Channels} channel(s) × {Slices} slice(s) × {TimePoints} time point(s) ({DimensionOrder})";

    private int SizeOf(char axis) => axis switch { 'C' => Channels, 'Z' => Slices, _ => TimePoints };
}
