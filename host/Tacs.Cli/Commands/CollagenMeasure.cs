using Tacs.Collagen.Boundaries;
using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;
using Tacs.Host.Imaging;

namespace Tacs.Cli.Commands;

/// <summary>One page of an item after measuring: its features (or why it failed) and what the scale check said.</summary>
internal sealed record MeasuredItem(CollagenItem Item, FeatureVector? Features, string? Error, IReadOnlyList<string> Notes)
{
    /// <summary>0-based page index.</summary>
    public int Page { get; init; }

    /// <summary>Pages in the file.</summary>
    public int PageCount { get; init; } = 1;

    /// <summary>Side (larger of width, height) of the page as read, px.</summary>
    public int Side { get; init; }

    /// <summary>Pixel size used, µm (from the file or --pixel-size), or null when unknown.</summary>
    public double? PixelSizeMicrons { get; init; }

    /// <summary>Reasons the features may not be comparable with the model's training images.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Fibres and arc scores, kept only when an overlay is asked for.</summary>
    public FibreAnalysis? Analysis { get; init; }

    /// <summary>The pixels measured (after any resampling), kept only when an overlay is asked for.</summary>
    public float[]? Pixels { get; init; }

    /// <summary>Width of <see cref="Pixels"/>.</summary>
    public int Width { get; init; }

    /// <summary>Height of <see cref="Pixels"/>.</summary>
    public int Height { get; init; }
}

/// <summary>How to measure: which pages, which band, which scale.</summary>
/// <param name="UseBoundary">Measure boundary features when a boundary is known.</param>
/// <param name="Band">Band width, px (at the model's scale); null for the model's band or 100.</param>
/// <param name="Pages">Pages to measure (0-based), or null for every page; training uses page 0 only.</param>
/// <param name="PixelSizeMicrons">Pixel size given by the user, overriding the file's.</param>
/// <param name="Rescale">Resample images to the model's pixel size when both are known.</param>
/// <param name="KeepDetail">Keep pixels and fibres for overlays.</param>
internal sealed record MeasureOptions(bool UseBoundary, double? Band, IReadOnlyList<int>? Pages = null, double? PixelSizeMicrons = null, bool Rescale = true, bool KeepDetail = false);

/// <summary>Reads and measures items page by page, in parallel over files; a failing page is reported, not fatal.</summary>
internal static class CollagenMeasure
{
    public const double DefaultBand = 100;

    /// <param name="items">Inputs.</param>
    /// <param name="options">How to measure.</param>
    /// <param name="modelFor">The model an item will be scored with (for its scale and band), or null when none is known yet.</param>
    /// <param name="cancellation">Cancels between pages.</param>
    public static IReadOnlyList<MeasuredItem> Measure(IReadOnlyList<CollagenItem> items, MeasureOptions options, Func<CollagenItem, ModelMetadata?> modelFor, CancellationToken cancellation)
    {
        var results = new List<MeasuredItem>[items.Count];
        var done = 0;
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellation }, i =>
        {
            results[i] = MeasureItem(items[i], options, modelFor(items[i]), cancellation);
            var n = Interlocked.Increment(ref done);
            if (items.Count >= 20 && (n % 50 == 0 || n == items.Count))
            {
                Console.Error.WriteLine($"measured {n}/{items.Count}");
            }
        });

        var all = results.SelectMany(r => r).ToList();
        foreach (var failed in all.Where(r => r.Error is not null))
        {
            Console.Error.WriteLine($"error: {Describe(failed)}: {failed.Error}");
        }

        foreach (var warned in all.Where(r => r.Warnings.Count > 0))
        {
            Console.Error.WriteLine($"warning: {Describe(warned)}: {string.Join(" ", warned.Warnings)}");
        }

        return all;
    }

    public static string Describe(MeasuredItem m) => m.PageCount > 1 ? $"{m.Item.Image} page {m.Page + 1}" : m.Item.Image;

    private static List<MeasuredItem> MeasureItem(CollagenItem item, MeasureOptions options, ModelMetadata? model, CancellationToken cancellation)
    {
        var results = new List<MeasuredItem>();
        IImageSource source;
        try
        {
            source = ImageFiles.Open(item.Image);
        }
        catch (Exception ex) when (ex is ImageReadException or IOException or ArgumentException)
        {
            return [new MeasuredItem(item, null, ex.Message, [])];
        }

        using (source)
        {
            var pages = options.Pages ?? Enumerable.Range(0, source.PageCount).ToArray();
            var missing = pages.Where(p => p >= source.PageCount).ToArray();
            if (missing.Length > 0)
            {
                results.Add(new MeasuredItem(item, null, $"page {missing[0] + 1} asked for, but the file has {source.PageCount} page(s).", []) { Page = missing[0], PageCount = source.PageCount });
            }

            TumourBoundary? original = null;
            string? boundaryError = null;
            foreach (var page in pages.Where(p => p < source.PageCount))
            {
                cancellation.ThrowIfCancellationRequested();
                try
                {
                    var frame = source.ReadPage(page);
                    if (options.UseBoundary && item.Boundary is not null && original is null && boundaryError is null)
                    {
                        original = BoundaryFiles.Read(item.Boundary, frame.Width, frame.Height);
                    }

                    results.Add(MeasurePage(item, frame.Pixels, frame.Width, frame.Height, options.PixelSizeMicrons ?? frame.Metadata.PixelSizeMicrons, original, source, options, model) with { Page = page, PageCount = source.PageCount });
                }
                catch (Exception ex) when (ex is ImageReadException or BoundaryException or ArgumentException or IOException)
                {
                    if (ex is BoundaryException)
                    {
                        boundaryError = ex.Message;
                    }

                    results.Add(new MeasuredItem(item, null, ex.Message, []) { Page = page, PageCount = source.PageCount });
                }
            }
        }

        return results;
    }

    private static MeasuredItem MeasurePage(CollagenItem item, float[] pixels, int width, int height, double? pixelSize, TumourBoundary? boundary, IImageSource source, MeasureOptions options, ModelMetadata? model)
    {
        if (boundary is not null && (boundary.Width != width || boundary.Height != height))
        {
            throw new BoundaryException($"The boundary is for a {boundary.Width}×{boundary.Height} page, but this page is {width}×{height}.");
        }

        var band = options.Band ?? (model?.BandWidth is > 0 ? model.BandWidth : DefaultBand);
        var notes = new List<string>(source.Notes);
        var warnings = new List<string>();
        var (measured, w, h) = (pixels, width, height);
        if (model is not null)
        {
            var decision = ScaleCheck.Decide(model, width, height, pixelSize, band, options.Rescale);
            warnings.AddRange(decision.Warnings);
            notes.AddRange(decision.Notes);
            if (decision.Factor != 1)
            {
                (measured, w, h) = Resampling.Image(pixels, width, height, decision.Factor);
                boundary = boundary is null ? null : Resampling.Boundary(boundary, decision.Factor);
            }
        }

        var analysis = FibreFeatureExtractor.Analyse(measured, w, h, boundary, new FeatureOptions { BandWidth = band });
        notes.AddRange(analysis.Features.Notes);
        return new MeasuredItem(item, analysis.Features, null, notes)
        {
            Side = Math.Max(width, height),
            PixelSizeMicrons = pixelSize,
            Warnings = warnings,
            Analysis = options.KeepDetail ? analysis : null,
            Pixels = options.KeepDetail ? measured : null,
            Width = w,
            Height = h,
        };
    }
}
