namespace Tacs.Sdk.Frames;

/// <summary>
/// A single-channel image with float32 pixels in row-major order, plus what is known about where it came
/// from and what has been done to it. Pixel values keep the scale of the source data (a 16-bit image holds
/// 0–65535), so plugins can reason about photon counts.
/// </summary>
public sealed class ImageFrame
{
    private readonly List<ProvenanceEntry> _provenance;
    private readonly List<AnalysisResult> _analyses;

    /// <summary>Creates a frame over <paramref name="pixels"/> (not copied) or over a new zeroed buffer.</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="pixels">Row-major pixels of length width × height, or null for a new buffer.</param>
    /// <param name="sourceFormat">Storage format of the data the frame came from.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or the pixel count overflows.</exception>
    /// <exception cref="ArgumentException">The buffer length does not match the size.</exception>
    public ImageFrame(int width, int height, float[]? pixels = null, SampleFormat sourceFormat = SampleFormat.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        long count = (long)width * height;
        if (count > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}×{height} pixels do not fit in one frame.");
        }

        if (pixels is not null && pixels.Length != count)
        {
            throw new ArgumentException($"Expected {count} pixels for {width}×{height}, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels ?? new float[count];
        SourceFormat = sourceFormat;
        SourceRange = sourceFormat.NativeRange();
        Metadata = new FrameMetadata();
        _provenance = [];
        _analyses = [];
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Row-major pixels, <see cref="Width"/> × <see cref="Height"/> values.</summary>
    public float[] Pixels { get; }

    /// <summary>Storage format of the source data; output is written back in it unless asked otherwise.</summary>
    public SampleFormat SourceFormat { get; set; }

    /// <summary>Bits per sample of the source data.</summary>
    public int SourceBitDepth => SourceFormat.BitDepth();

    /// <summary>The value range of the source data (0–65535 for 16-bit; for float data the observed range).</summary>
    public ValueRange SourceRange { get; set; }

    /// <summary>Acquisition metadata.</summary>
    public FrameMetadata Metadata { get; private set; }

    /// <summary>Every processing step applied so far, oldest first.</summary>
    public IReadOnlyList<ProvenanceEntry> Provenance => _provenance;

    /// <summary>Results of analysers that ran on this frame, oldest first.</summary>
    public IReadOnlyList<AnalysisResult> Analyses => _analyses;

    /// <summary>Row <paramref name="y"/> as a span.</summary>
    /// <param name="y">Row index, 0 to Height − 1.</param>
    public Span<float> Row(int y) => Pixels.AsSpan(y * Width, Width);

    /// <summary>Appends a provenance entry (the host does this after each step).</summary>
    /// <param name="entry">The entry.</param>
    public void AddProvenance(ProvenanceEntry entry) => _provenance.Add(entry ?? throw new ArgumentNullException(nameof(entry)));

    /// <summary>Attaches an analyser's result (the host does this after each analyser step).</summary>
    /// <param name="result">The result.</param>
    public void AddAnalysis(AnalysisResult result) => _analyses.Add(result ?? throw new ArgumentNullException(nameof(result)));

    /// <summary>A frame of the same size and description whose pixels are in <paramref name="pixels"/>
    /// (or a new buffer): metadata, provenance and analyses are copied.</summary>
    /// <param name="pixels">Buffer for the new frame, or null to allocate one.</param>
    public ImageFrame WithPixels(float[]? pixels = null)
    {
        var copy = new ImageFrame(Width, Height, pixels ?? GC.AllocateUninitializedArray<float>(Pixels.Length), SourceFormat)
        {
            SourceRange = SourceRange,
            Metadata = Metadata.Clone(),
        };
        copy._provenance.AddRange(_provenance);
        copy._analyses.AddRange(_analyses);
        return copy;
    }

    /// <summary>A deep copy, pixels included.</summary>
    public ImageFrame Clone() => WithPixels((float[])Pixels.Clone());
}
