namespace Tacs.Web;

/// <summary>
/// The frames one ingest acquisition takes. The first frame accepted fixes size and format for the rest — the raw
/// stack has one page size, and a frame of another size would be received but never saved — and a frame count given
/// at start ends the acquisition when reached.
/// </summary>
internal sealed class IngestSession(long frameLimit)
{
    private readonly Lock _gate = new();
    private IngestHeader? _shape;
    private long _taken;
    private long _accepted;

    /// <summary>Frames after which the acquisition ends; 0 = until stopped.</summary>
    public long FrameLimit { get; } = Math.Max(0, frameLimit);

    /// <summary>Holds a place for one more frame, or says why there is none.</summary>
    /// <returns>Null when a place was taken (give it back with <see cref="Release"/> unless the frame is accepted).</returns>
    public string? TryReserve()
    {
        lock (_gate)
        {
            if (FrameLimit > 0 && _taken >= FrameLimit)
            {
                return $"this acquisition takes {FrameLimit} frames and has {(_accepted == FrameLimit ? "all of them" : "the rest on their way")}; start a new one for more.";
            }

            _taken++;
            return null;
        }
    }

    /// <summary>Gives back a place held for a frame that was not accepted.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _taken--;
        }
    }

    /// <summary>Says early, before its body is read, whether a frame cannot fit; fixes nothing.</summary>
    /// <returns>Null when the frame may fit, else the reason it does not.</returns>
    public string? Mismatch(IngestHeader header)
    {
        lock (_gate)
        {
            return _shape is null ? null : Describe(_shape, header);
        }
    }

    /// <summary>Checks a frame that has arrived against the acquisition's size and format; the first frame fixes them.</summary>
    /// <returns>Null when the frame fits, else the reason it does not.</returns>
    public string? CheckShape(IngestHeader header)
    {
        lock (_gate)
        {
            _shape ??= header;
            return Describe(_shape, header);
        }
    }

    private static string? Describe(IngestHeader shape, IngestHeader header) =>
        shape.Width == header.Width && shape.Height == header.Height && shape.Format == header.Format
            ? null
            : $"this acquisition's frames are {shape} (fixed by its first frame), but this one is {header}; stop it and start a new acquisition for frames of another size or format.";

    /// <summary>Counts a frame that was saved (or accepted, when nothing is saved).</summary>
    /// <returns>True when this frame completes the acquisition.</returns>
    public bool Accept()
    {
        lock (_gate)
        {
            _accepted++;
            return FrameLimit > 0 && _accepted == FrameLimit;
        }
    }
}
