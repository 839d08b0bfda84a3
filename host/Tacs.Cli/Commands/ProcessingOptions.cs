using System.CommandLine;
using Tacs.Host.Batch;
using Tacs.Host.Imaging;
using Tacs.Host.Imaging.Dimensions;
using Tacs.Sdk.Frames;

namespace Tacs.Cli.Commands;

/// <summary>Input, output and output-format options shared by <c>denoise</c> and <c>run</c>.</summary>
internal sealed class ProcessingOptions
{
    public Argument<string> Input { get; } = new("input") { Description = "An image (.tif/.tiff, .png, .jpg), a multi-page TIFF stack, or a folder of images." };

    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "Output file (.tif or .png) for one input, or a folder (created if needed).",
        Required = true,
    };

    public Option<string> Depth { get; } = new("--output-depth")
    {
        Description = "Bit depth of outputs: keep (same as input), 8, 16 or 32 (float).",
        DefaultValueFactory = _ => "keep",
    };

    public Option<TiffCompression> Compression { get; } = new("--compression")
    {
        Description = "TIFF compression of outputs (all lossless).",
        DefaultValueFactory = _ => TiffCompression.None,
    };

    public Option<string> Format { get; } = new("--format")
    {
        Description = "How TIFF outputs record channels, z-slices and time points: keep (as the input: OME-TIFF stays OME-TIFF, " +
            "an output named .ome.tif is OME-TIFF, anything else an ImageJ hyperstack), ome-tiff or imagej.",
        DefaultValueFactory = _ => "keep",
    };

    public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Replace existing output files." };

    public Option<bool> AllowTruncated { get; } = new("--allow-truncated")
    {
        Description = "Read truncated TIFF files anyway: missing rows become zeros and missing pages are left out, with a warning naming page and row (default: such files fail).",
    };

    public Option<FrameErrorPolicy> OnFrameError { get; } = new("--on-frame-error")
    {
        Description = "What to write for a page on which a step fails or times out: raw (the input page unchanged), zero (a page of zeros) " +
            "or fail (write nothing for that file). The page's provenance records the failure; the exit code is 5 when pages failed.",
        DefaultValueFactory = _ => FrameErrorPolicy.Raw,
    };

    public Option<double> StepTimeout { get; } = StepTimeoutOption.Create(defaultSeconds: 0);

    public Option<string?> Results { get; } = ResultsOption.Create();

    public Option<string?> ShardOption { get; } = new("--shard")
    {
        Description = "Do only the files K, K+N, K+2N, … of a folder (in name order; 0-based K/N, as $SLURM_ARRAY_TASK_ID/N) into the shared output folder; " +
            "analysis rows go to a shard file beside --results. Then run the same command with --merge. See docs/cluster.md.",
    };

    public Option<bool> Merge { get; } = new("--merge")
    {
        Description = "After a run split with --shard: check that every input has its output and write --results from the shard files (same rows and order as one run). Processes nothing.",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Input);
        command.Options.Add(Output);
        command.Options.Add(Depth);
        command.Options.Add(Compression);
        command.Options.Add(Format);
        command.Options.Add(Overwrite);
        command.Options.Add(AllowTruncated);
        command.Options.Add(OnFrameError);
        command.Options.Add(StepTimeout);
        command.Options.Add(Results);
        command.Options.Add(ShardOption);
        command.Options.Add(Merge);
        command.Validators.Add(result =>
        {
            if (result.GetValue(ShardOption) is not null && result.GetValue(Merge))
            {
                result.AddError("--shard and --merge exclude each other: run the shards, then merge once.");
            }
        });
    }

    /// <summary>The batch options; <paramref name="log"/> receives the reader's warnings (LibTiff's, truncation).</summary>
    public BatchOptions Read(ParseResult parse, Serilog.ILogger? log = null) => new()
    {
        OutputFormat = parse.GetValue(Depth) switch
        {
            "keep" or null => null,
            "8" => SampleFormat.UInt8,
            "16" => SampleFormat.UInt16,
            "32" => SampleFormat.Float32,
            var other => throw new ArgumentException($"--output-depth '{other}' is not one of keep, 8, 16, 32."),
        },
        Compression = parse.GetValue(Compression),
        Container = parse.GetValue(Format) switch
        {
            "keep" or null => null,
            "ome-tiff" or "ome" => StackContainer.Ome,
            "imagej" => StackContainer.ImageJ,
            var other => throw new ArgumentException($"--format '{other}' is not one of keep, ome-tiff, imagej."),
        },
        Overwrite = parse.GetValue(Overwrite),
        Read = new ImageReadOptions { AllowTruncated = parse.GetValue(AllowTruncated), Log = log },
        OnFrameError = parse.GetValue(OnFrameError),
        Shard = parse.GetValue(ShardOption) is { } shard ? Shard.Parse(shard) : Shard.All,
    };
}
