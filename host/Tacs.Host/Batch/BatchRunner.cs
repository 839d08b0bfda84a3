using System.Diagnostics;
using OpenCvSharp;
using Serilog;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Imaging.Dimensions;
using Tacs.Host.Results;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Batch;

/// <summary>
/// Runs a chain over an image file, a multi-page TIFF stack or a folder of images, page by page (memory
/// stays bounded by one page per step), writing one output file per input. A file that fails is reported
/// and the others go on; inputs are never overwritten, and outputs appear only when complete. A page on
/// which a step fails or times out costs that page only: it is written as <see cref="BatchOptions.OnFrameError"/>
/// says, with the failure in its provenance, and the stack is still written.
/// </summary>
public sealed class BatchRunner
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);
    private readonly Chain _chain;
    private readonly ILogger _log;
    private readonly AnalysisLog? _results;

    /// <summary>Creates a runner.</summary>
    /// <param name="chain">The chain to apply.</param>
    /// <param name="log">Where progress and failures go.</param>
    /// <param name="results">Collects the analysers' results, one row per page and analyser; null keeps none.</param>
    public BatchRunner(Chain chain, ILogger log, AnalysisLog? results = null)
    {
        _chain = chain;
        _log = log;
        _results = results;
    }

    /// <summary>Processes <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <param name="input">An image file or a folder of images.</param>
    /// <param name="output">For a file: an output file (.tif, .tiff or .png) or a folder; for a folder: a folder.</param>
    /// <param name="options">Output settings.</param>
    /// <param name="cancellation">Stops after the current page; the unfinished file is removed.</param>
    /// <exception cref="ArgumentException">The input does not exist or the output is not usable.</exception>
    public BatchSummary Run(string input, string output, BatchOptions options, CancellationToken cancellation = default)
    {
        var jobs = PlanJobs(Path.GetFullPath(input), Path.GetFullPath(output), options);
        var started = Stopwatch.StartNew();
        var failures = new List<(string, string)>();
        var pageFailures = new List<PageFailure>();
        var abandonedBefore = _chain.Steps.Sum(s => s.Abandoned);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        long pages = 0;
        for (var i = 0; i < jobs.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var (source, target) = jobs[i];
            try
            {
                var fileWatch = Stopwatch.StartNew();
                var count = ProcessFile(source, target, options, pageFailures, covered, cancellation);
                pages += count;
                if (count > 0)
                {
                    _log.Information("[{Index}/{Total}] {Input} -> {Output}: {Pages} page(s), {Ms:F1} ms/page", i + 1, jobs.Count, Path.GetFileName(source), target, count, fileWatch.Elapsed.TotalMilliseconds / count);
                }
            }
            catch (Exception ex) when (ex is ImageReadException or StepFailedException or IOException or InvalidOperationException or UnauthorizedAccessException or OpenCVException)
            {
                failures.Add((source, ex.Message));
                _log.Error("[{Index}/{Total}] {Input} failed: {Reason}", i + 1, jobs.Count, Path.GetFileName(source), ex.Message);
            }
        }

        return new BatchSummary(jobs.Count - failures.Count, failures.Count, pages, started.Elapsed, failures)
        {
            PageFailures = pageFailures,
            AbandonedCalls = _chain.Steps.Sum(s => s.Abandoned) - abandonedBefore,
        };
    }

    private static List<(string Source, string Target)> PlanJobs(string input, string output, BatchOptions options)
    {
        var (sources, targets) = PlanFiles(input, output, options);
        var jobs = new List<(string, string)>();
        for (var i = 0; i < sources.Count; i++)
        {
            // Every task of a split run checks all names (PlanFiles); each checks and writes only its own files here.
            if (!options.Shard.Owns(i))
            {
                continue;
            }

            var (source, target) = (sources[i], targets[i]);
            if (string.Equals(Path.GetFullPath(target), source, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The output {target} would replace its input. Choose another output.");
            }

            if (File.Exists(target) && !options.Overwrite)
            {
                throw new ArgumentException($"{target} exists. Pass --overwrite to replace it, or choose another output.");
            }

            jobs.Add((source, target));
        }

        return jobs;
    }

    /// <summary>Every input file of a run, in the order a run takes them (name order in a folder), and its output file.</summary>
    /// <exception cref="ArgumentException">The input is missing or empty, or the output cannot take the inputs.</exception>
    internal static (List<string> Sources, List<string> Targets) PlanFiles(string input, string output, BatchOptions options)
    {
        List<string> sources;
        bool outputIsFolder;
        if (Directory.Exists(input))
        {
            sources = [.. ImageFiles.InFolder(input)];
            if (sources.Count == 0)
            {
                throw new ArgumentException($"{input} holds no images ({string.Join(", ", ImageFiles.TiffExtensions.Concat(ImageFiles.OtherExtensions))}).");
            }

            if (File.Exists(output))
            {
                throw new ArgumentException($"The input is a folder, so the output must be a folder too, but {output} is a file.");
            }

            outputIsFolder = true;
        }
        else if (File.Exists(input))
        {
            sources = [input];
            outputIsFolder = Directory.Exists(output) || !IsWritableImage(output);
        }
        else
        {
            throw new ArgumentException($"Input {input} does not exist.");
        }

        if (!options.Shard.IsAll && sources.Count == 1 && !Directory.Exists(input))
        {
            throw new ArgumentException($"--shard {options.Shard} splits a folder's files between tasks, but {input} is one file. Give the folder, or run the file in one task.");
        }

        var targets = sources.Select(source => outputIsFolder ? Path.Combine(output, Path.GetFileNameWithoutExtension(source) + ".tif") : output).ToList();
        if (targets.Distinct(StringComparer.Ordinal).Count() != targets.Count)
        {
            throw new ArgumentException("Two inputs would write the same output file (same name, different extension). Rename one.");
        }

        return (sources, targets);
    }

    private static bool IsWritableImage(string path) =>
        ImageFiles.IsTiff(path) || Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase);

    private int ProcessFile(string source, string target, BatchOptions options, List<PageFailure> pageFailures, HashSet<string> covered, CancellationToken cancellation)
    {
        // The files of a multi-file OME-TIFF dataset are one stack: a folder run writes it once, from its first file.
        if (covered.Contains(Path.GetFullPath(source)))
        {
            _log.Information("{File}: part of a multi-file OME-TIFF dataset already written; skipped", Path.GetFileName(source));
            return 0;
        }

        using var image = ImageFiles.Open(source, options.Read);
        if (image is OmeDatasetSource dataset)
        {
            // In a split run another task may hold the dataset's first file: that task writes it, as one run would.
            var first = dataset.Files.Select(Path.GetFullPath).Order(StringComparer.Ordinal).First();
            if (!options.Shard.IsAll && !string.Equals(first, Path.GetFullPath(source), StringComparison.Ordinal) && ImageFiles.IsSupported(first))
            {
                _log.Information("{File}: part of a multi-file OME-TIFF dataset that the task with {First} writes; skipped", Path.GetFileName(source), Path.GetFileName(first));
                return 0;
            }

            covered.UnionWith(dataset.Files);
            _log.Information("{File}: OME-TIFF dataset read through its TiffData map: {Files} file(s), {Planes} planes", Path.GetFileName(source), dataset.Files.Count, dataset.PageCount);
        }
        foreach (var note in image.Notes)
        {
            _log.Warning("{File}: {Note}", Path.GetFileName(source), note);
        }

        if (Path.GetExtension(target).Equals(".png", StringComparison.OrdinalIgnoreCase))
        {
            WritePng(image, target, options, pageFailures, cancellation);
            return 1;
        }

        // Channels, z and time go through unchanged; only ImageJ's fixed czt order can make pages change places.
        var (layout, sourcePages) = StackOutput.Plan(image.Layout, options.Container, target);
        if (image.Layout.Pages > 1)
        {
            _log.Debug("{File}: {Layout}, written as {Container}", Path.GetFileName(source), image.Layout.Describe(), layout.Container);
        }

        if (sourcePages.Where((p, i) => p != i).Any())
        {
            _log.Information("{File}: pages reordered from {From} to ImageJ's channel-z-time order", Path.GetFileName(source), image.Layout.DimensionOrder);
        }

        // A step that wants whole z-stacks (a 3-D denoiser) gets them: pages are then processed a volume at a time.
        // Only a file that declares its dimensions (ImageJ or OME) has known z-stacks: a bare multi-page TIFF may be a
        // time series, and taking all its pages as one volume could hold the whole file in memory.
        var wantsVolumes = image.Layout.Slices > 1 && _chain.WantsVolumes();
        if (wantsVolumes && image.Layout.Container == StackContainer.Plain)
        {
            _log.Warning("{File}: the file does not say which pages are z-slices (no ImageJ or OME-XML description); volume steps run slice by slice", Path.GetFileName(source));
            wantsVolumes = false;
        }

        var volumes = wantsVolumes
            ? new VolumeCache(image, (pages, frames) => ProcessVolume(source, pages, image.PageCount, frames, options, pageFailures, cancellation))
            : null;
        var writeOptions = new TiffWriteOptions { Format = options.OutputFormat, Compression = options.Compression, Layout = layout };
        using var writer = new TiffStackWriter(target, image.PageCount, writeOptions);
        var lastReport = Stopwatch.StartNew();
        for (var page = 0; page < image.PageCount; page++)
        {
            cancellation.ThrowIfCancellationRequested();
            var result = volumes?.Take(sourcePages[page])
                ?? ProcessPage(source, sourcePages[page], image.PageCount, image.ReadPage(sourcePages[page]), options, pageFailures, cancellation);
            writer.Write(result);
            if (lastReport.Elapsed > ProgressEvery)
            {
                _log.Information("{File}: page {Page}/{Pages}", Path.GetFileName(source), page + 1, image.PageCount);
                lastReport.Restart();
            }
        }

        writer.Complete(options.Overwrite);
        if (writer.ClippedValues > 0)
        {
            _log.Warning("{File}: {Count} values fell outside the output range and were clamped (write 32-bit float with --output-depth 32 to keep them)", Path.GetFileName(target), writer.ClippedValues);
        }

        return image.PageCount;
    }

    // One page through the chain; a step that fails or times out costs this page only (unless the policy is Fail).
    private ImageFrame ProcessPage(string source, int page, int pages, ImageFrame frame, BatchOptions options, List<PageFailure> pageFailures, CancellationToken cancellation)
    {
        try
        {
            var result = _chain.Process(frame, cancellation);
            ReportAnalyses(source, page, pages, result);
            _results?.Add(Path.GetFileName(source), page, result);
            return result;
        }
        catch (StepFailedException ex) when (options.OnFrameError != FrameErrorPolicy.Fail)
        {
            pageFailures.Add(new PageFailure(source, page, ex.Message, ex.TimedOut));
            var written = options.OnFrameError == FrameErrorPolicy.Zero ? "zeros" : "input page unchanged";
            _log.Error("{File}{Page}: {Reason}; written: {Written}", Path.GetFileName(source), pages > 1 ? $" page {page + 1}" : string.Empty, ex.Message, written);
            var substitute = options.OnFrameError == FrameErrorPolicy.Zero ? frame.WithPixels(new float[frame.Pixels.Length]) : frame.WithPixels(frame.Pixels);
            substitute.AddProvenance(ex.ToProvenance(written));
            return substitute;
        }
    }

    // One z-stack through the chain; a failing step costs this volume's pages only (unless the policy is Fail).
    private IReadOnlyList<ImageFrame> ProcessVolume(string source, int[] pages, int count, IReadOnlyList<ImageFrame> frames, BatchOptions options, List<PageFailure> pageFailures, CancellationToken cancellation)
    {
        try
        {
            var results = _chain.ProcessVolume(frames, cancellation);
            for (var i = 0; i < results.Count; i++)
            {
                ReportAnalyses(source, pages[i], count, results[i]);
                _results?.Add(Path.GetFileName(source), pages[i], results[i]);
            }

            return results;
        }
        catch (StepFailedException ex) when (options.OnFrameError != FrameErrorPolicy.Fail)
        {
            var written = options.OnFrameError == FrameErrorPolicy.Zero ? "zeros" : "input pages unchanged";
            _log.Error("{File} pages {Pages}: {Reason}; written: {Written}", Path.GetFileName(source), string.Join(",", pages.Select(p => p + 1)), ex.Message, written);
            var substitutes = new List<ImageFrame>();
            for (var i = 0; i < frames.Count; i++)
            {
                pageFailures.Add(new PageFailure(source, pages[i], ex.Message, ex.TimedOut));
                var substitute = options.OnFrameError == FrameErrorPolicy.Zero ? frames[i].WithPixels(new float[frames[i].Pixels.Length]) : frames[i].WithPixels(frames[i].Pixels);
                substitute.AddProvenance(ex.ToProvenance(written));
                substitutes.Add(substitute);
            }

            return substitutes;
        }
    }

    // Analysers (classifiers) leave their results on the frame; a batch user reads them here.
    private void ReportAnalyses(string source, int page, int pages, ImageFrame frame)
    {
        foreach (var analysis in frame.Analyses)
        {
            _log.Information("{File}{Page}: {Plugin}: {Result}", Path.GetFileName(source), pages > 1 ? $" page {page + 1}" : string.Empty, analysis.PluginId, AnalysisLog.Describe(analysis));
        }
    }

    private void WritePng(IImageSource image, string target, BatchOptions options, List<PageFailure> pageFailures, CancellationToken cancellation)
    {
        if (image.PageCount != 1)
        {
            throw new InvalidOperationException($"{image.Path} has {image.PageCount} pages; PNG holds one. Write a .tif instead.");
        }

        var result = ProcessPage(image.Path, 0, 1, image.ReadPage(0), options, pageFailures, cancellation);
        var format = options.OutputFormat ?? result.SourceFormat;
        if (format == SampleFormat.Float32)
        {
            throw new InvalidOperationException("PNG cannot hold 32-bit float pixels; write a .tif, or choose --output-depth 8 or 16.");
        }

        var bytes = new byte[result.Pixels.Length * (format.BitDepth() / 8)];
        PixelConversion.ToSamples(result.Pixels, format, bytes);
        using var mat = Mat.FromPixelData(result.Height, result.Width, format == SampleFormat.UInt8 ? MatType.CV_8UC1 : MatType.CV_16UC1, bytes);
        var partial = target + ".partial.png";
        if (!Cv2.ImWrite(partial, mat))
        {
            throw new IOException($"{target}: OpenCV could not write the PNG.");
        }

        File.Move(partial, target, options.Overwrite);
    }
}
