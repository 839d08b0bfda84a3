namespace Tacs.Sdk.Frames;

/// <summary>Acquisition facts about a frame. Plugins may read it; the host fills it from files or cameras.</summary>
public sealed class FrameMetadata
{
    /// <summary>Position of the frame in its stack or acquisition, from 0.</summary>
    public long FrameIndex { get; set; }

    /// <summary>When the frame was acquired or read.</summary>
    public DateTimeOffset Timestamp { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Pixel size in micrometres, when known.</summary>
    public double? PixelSizeMicrons { get; set; }

    /// <summary>Exposure time in milliseconds, when known.</summary>
    public double? ExposureMilliseconds { get; set; }

    /// <summary>Where the frame came from (file path, camera name), when known.</summary>
    public string? Source { get; set; }

    /// <summary>Channel, z-slice and time point of the frame and the physical sizes, when the file records them
    /// (a hyperstack or OME-TIFF); null for flat stacks and single images. Added in SDK 1.2.</summary>
    public FramePosition? Position { get; set; }

    /// <summary>Free key/value pairs (ordinal keys).</summary>
    public IDictionary<string, string> Values { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A deep copy.</summary>
    public FrameMetadata Clone()
    {
        var copy = new FrameMetadata
        {
            FrameIndex = FrameIndex,
            Timestamp = Timestamp,
            PixelSizeMicrons = PixelSizeMicrons,
            ExposureMilliseconds = ExposureMilliseconds,
            Source = Source,
            Position = Position,
        };
        foreach (var (key, value) in Values)
        {
            copy.Values[key] = value;
        }

        return copy;
    }
}
