namespace Tacs.Sdk.Frames;

/// <summary>
/// Where a frame sits in a multi-dimensional acquisition (added in SDK 1.2): its channel, z-slice and time point,
/// the sizes of those dimensions, and the physical pixel and slice sizes when the file records them. Indices
/// count from 0. A frame from a flat stack or a single image has no position (<see cref="FrameMetadata.Position"/>
/// is null).
/// </summary>
/// <param name="Channel">Channel index, from 0.</param>
/// <param name="Slice">Z-slice index, from 0.</param>
/// <param name="Time">Time point index, from 0.</param>
/// <param name="Channels">Number of channels in the stack, at least 1.</param>
/// <param name="Slices">Number of z-slices in the stack, at least 1.</param>
/// <param name="TimePoints">Number of time points in the stack, at least 1.</param>
public sealed record FramePosition(int Channel, int Slice, int Time, int Channels, int Slices, int TimePoints)
{
    /// <summary>The channel's name (for example a fluorophore), when the file records one.</summary>
    public string? ChannelName { get; init; }

    /// <summary>Pixel width in micrometres, when known.</summary>
    public double? PixelWidthMicrons { get; init; }

    /// <summary>Pixel height in micrometres, when known.</summary>
    public double? PixelHeightMicrons { get; init; }

    /// <summary>Distance between z-slices in micrometres, when known.</summary>
    public double? SliceSpacingMicrons { get; init; }

    /// <summary>Time between time points in seconds, when known.</summary>
    public double? TimeIncrementSeconds { get; init; }
}
