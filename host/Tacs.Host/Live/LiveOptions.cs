using Tacs.Host.Chains;
using Tacs.Host.Imaging;

namespace Tacs.Host.Live;

/// <summary>Settings of one live run.</summary>
public sealed record LiveOptions
{
    /// <summary>TIFF stack that receives every raw frame, losslessly, before any processing; null saves nothing.</summary>
    public string? RawOutput { get; init; }

    /// <summary>TIFF stack that receives every frame leaving the chain (processed, or passed on unprocessed after a failed
    /// step), each page with its provenance and frame index; null saves none. Frames skipped for processing are not in it.</summary>
    public string? ProcessedOutput { get; init; }

    /// <summary>Keep every analyser result (one small row per frame and analyser, for <c>--results</c>); off for the
    /// viewer, which runs for hours and shows the latest result only.</summary>
    public bool KeepAnalyses { get; init; }

    /// <summary>Replace an existing raw output file.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Compression of the raw stack.</summary>
    public TiffCompression RawCompression { get; init; } = TiffCompression.None;

    /// <summary>The chain to run on frames; null shows raw frames only.</summary>
    public ChainSpec? Chain { get; init; }

    /// <summary>A step taking longer than this on a frame is cancelled and the frame passes on unprocessed (marked); a plugin
    /// that ignores cancellation is abandoned and the step goes on from the next frame with a fresh worker and instance
    /// (see <see cref="Chain.StepTimeout"/>). Null: no limit.</summary>
    public TimeSpan? StepTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Raw frames that may wait for the writer (128 frames of 2048² take 2 GB). When storage is slower than the
    /// source and the queue is full, the source waits (back-pressure) and the wait is counted; no frame is dropped.</summary>
    public int RawQueueFrames { get; init; } = 128;

    /// <summary>Frames waiting in front of each step; when full, the oldest waiting frame is skipped for processing.</summary>
    public int QueueCapacity { get; init; } = 2;

    /// <summary>Refuses outputs that would replace files without consent, or a processed stack without a chain.</summary>
    /// <exception cref="ArgumentException">What is wrong and what to do.</exception>
    internal void CheckOutputs(bool hasChain)
    {
        if (RawOutput is { } raw && File.Exists(raw) && !Overwrite)
        {
            throw new ArgumentException($"{raw} exists. Allow overwriting, or choose another raw output file.");
        }

        if (ProcessedOutput is not { } processed)
        {
            return;
        }

        if (!hasChain)
        {
            throw new ArgumentException("A processed stack needs a chain to process the frames.");
        }

        if (File.Exists(processed) && !Overwrite)
        {
            throw new ArgumentException($"{processed} exists. Allow overwriting, or choose another processed output file.");
        }

        if (RawOutput is { } r && string.Equals(Path.GetFullPath(r), Path.GetFullPath(processed), StringComparison.Ordinal))
        {
            throw new ArgumentException("The raw and processed stacks must be different files.");
        }
    }
}
