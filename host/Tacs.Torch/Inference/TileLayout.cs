namespace Tacs.Torch.Inference;

/// <summary>
/// Where the tiles of one image axis go. The axis (already padded to a multiple of 8) is cut into cores that
/// partition it; each core is run inside a window that adds <c>margin</c> pixels of context on each side
/// (shifted inwards at the image ends), so the network sees the same neighbourhood it would see on the whole
/// image. Windows start on multiples of 8 so the strided convolutions see the same sampling grid.
/// </summary>
internal readonly record struct TileSpan(int WindowStart, int WindowLength, int CoreStart, int CoreEnd);

/// <summary>Plans the tiles along one axis.</summary>
internal static class TileLayout
{
    public static IReadOnlyList<TileSpan> Plan(int length, int window, int margin)
    {
        if (length <= window)
        {
            return [new TileSpan(0, length, 0, length)];
        }

        var core = window - (2 * margin);
        var spans = new List<TileSpan>();
        for (var start = 0; start < length; start += core)
        {
            var end = Math.Min(length, start + core);
            var windowStart = Math.Clamp(start - margin, 0, length - window);
            windowStart -= windowStart % 8;
            spans.Add(new TileSpan(windowStart, window, start, end));
        }

        return spans;
    }

    /// <summary>
    /// Weight of each window pixel: 1 inside the core, falling linearly to 0 over <paramref name="blend"/>
    /// pixels beyond the core where a neighbouring tile takes over, so that seams cross-fade smoothly.
    /// </summary>
    public static float[] Weights(TileSpan span, int length, int blend)
    {
        var weights = new float[span.WindowLength];
        for (var i = 0; i < weights.Length; i++)
        {
            var p = span.WindowStart + i;
            float w;
            if (p >= span.CoreStart && p < span.CoreEnd)
            {
                w = 1;
            }
            else if (p < span.CoreStart)
            {
                w = Ramp(span.CoreStart - p, blend);
            }
            else
            {
                w = Ramp(p - span.CoreEnd + 1, blend);
            }

            weights[i] = p < length ? w : 0;
        }

        return weights;
    }

    private static float Ramp(int distance, int blend) => blend <= 0 || distance > blend ? 0 : 1f - (distance / (float)(blend + 1));
}
