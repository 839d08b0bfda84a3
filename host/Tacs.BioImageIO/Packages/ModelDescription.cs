using Tacs.BioImageIO.Processing;

namespace Tacs.BioImageIO.Packages;

/// <summary>What a BioImage.IO model description says, reduced to what tacs uses, the same for format 0.4 and 0.5.</summary>
public sealed record ModelDescription
{
    /// <summary>The id tacs uses for the model: the description's id, else its file or folder name, in lower case.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = string.Empty;

    /// <summary>format_version, such as 0.5.4.</summary>
    public required string FormatVersion { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> Authors { get; init; } = [];

    public string License { get; init; } = string.Empty;

    /// <summary>Citation texts, with DOI or URL appended when given.</summary>
    public IReadOnlyList<string> Citations { get; init; } = [];

    public required IReadOnlyList<TensorDescription> Inputs { get; init; }

    public required IReadOnlyList<TensorDescription> Outputs { get; init; }

    /// <summary>Weights by format (onnx, torchscript, pytorch_state_dict, ...).</summary>
    public required IReadOnlyList<WeightsEntry> Weights { get; init; }

    /// <summary>True when the model restores images (tagged denoising or restoration): tacs runs it as a denoiser and brings its output back to the input's scale.</summary>
    public bool IsDenoising => Tags.Any(t => t.Equals("denoising", StringComparison.OrdinalIgnoreCase) || t.Equals("restoration", StringComparison.OrdinalIgnoreCase));
}

/// <summary>A file the description points to, with its declared checksum.</summary>
public sealed record FileReference(string Source, string? Sha256);

/// <summary>One weights format of the model.</summary>
/// <param name="Format">onnx, torchscript, pytorch_state_dict, keras_hdf5, tensorflow_saved_model_bundle, tensorflow_js.</param>
/// <param name="File">The weights file.</param>
/// <param name="OpsetVersion">ONNX opset, when given.</param>
public sealed record WeightsEntry(string Format, FileReference File, int? OpsetVersion);

/// <summary>An input or output tensor.</summary>
public sealed record TensorDescription
{
    public required string Id { get; init; }

    public string Description { get; init; } = string.Empty;

    public required IReadOnlyList<AxisDescription> Axes { get; init; }

    public FileReference? TestTensor { get; init; }

    /// <summary>Preprocessing (inputs) or postprocessing (outputs), in order.</summary>
    public IReadOnlyList<ProcessingStep> Processing { get; init; } = [];

    /// <summary>Axis ids in order.</summary>
    public IReadOnlyList<string> AxisIds => [.. Axes.Select(a => a.Id)];

    /// <summary>The axis of the given kind, if any.</summary>
    public AxisDescription? Axis(AxisKind kind, string? id = null) => Axes.FirstOrDefault(a => a.Kind == kind && (id is null || a.Id == id));
}

/// <summary>Kinds of tensor axes.</summary>
public enum AxisKind
{
    Batch,
    Channel,
    Space,
    Time,
    Index,
}

/// <summary>One axis of a tensor and the sizes it accepts.</summary>
public sealed record AxisDescription(string Id, AxisKind Kind)
{
    /// <summary>A fixed size, or null.</summary>
    public int? Size { get; init; }

    /// <summary>Smallest size when the size is parameterised (min + n × step).</summary>
    public int Min { get; init; } = 1;

    /// <summary>Step between allowed sizes; 0 when the size is fixed or free.</summary>
    public int Step { get; init; }

    /// <summary>Size taken from an axis of another tensor (outputs), as size = reference × scale + offset.</summary>
    public SizeReference? Reference { get; init; }

    /// <summary>Pixels at each border of an output that are unreliable and cropped when tiling.</summary>
    public int Halo { get; init; }

    /// <summary>Channel names of a channel axis.</summary>
    public IReadOnlyList<string> ChannelNames { get; init; } = [];

    /// <summary>The size closest to <paramref name="wanted"/> that this axis accepts, never below it when possible.</summary>
    public int ValidSizeAtLeast(int wanted)
    {
        if (Size is { } fixedSize)
        {
            return fixedSize;
        }

        if (Step <= 0)
        {
            return Math.Max(Min, wanted);
        }

        return wanted <= Min ? Min : Min + ((wanted - Min + Step - 1) / Step * Step);
    }

    /// <summary>The largest accepted size not above <paramref name="limit"/>, or the smallest accepted size.</summary>
    public int ValidSizeAtMost(int limit)
    {
        if (Size is { } fixedSize)
        {
            return fixedSize;
        }

        if (Step <= 0)
        {
            return Math.Max(Min, limit);
        }

        return limit <= Min ? Min : Min + ((limit - Min) / Step * Step);
    }
}

/// <summary>An output axis whose size follows an input axis.</summary>
public sealed record SizeReference(string TensorId, string AxisId, double Scale, int Offset);
