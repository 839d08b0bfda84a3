using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Tensors;

namespace Tacs.BioImageIO.Processing;

/// <summary>
/// Applies the pre- and post-processing steps of the BioImage.IO specification to whole tensors. Statistics are
/// taken per sample over the named axes (the whole frame, never one tile, so tiles do not get seams).
/// Formulas: zero_mean_unit_variance (x − mean) / (std + eps); scale_range (x − p_low) / (p_high − p_low + eps);
/// scale_linear x × gain + offset; scale_mean_variance matches mean and std to a reference tensor; eps defaults to 1e-6.
/// </summary>
public static class Processor
{
    /// <summary>Applies <paramref name="steps"/> in order to a copy of <paramref name="tensor"/>.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <param name="steps">The steps.</param>
    /// <param name="references">Tensors by id, for steps with a reference_tensor (the raw inputs).</param>
    /// <exception cref="PackageException">An unknown step, a per_dataset mode (needs statistics tacs does not have), or bad arguments.</exception>
    public static NdTensor Apply(NdTensor tensor, IReadOnlyList<ProcessingStep> steps, IReadOnlyDictionary<string, NdTensor>? references = null)
    {
        var current = new NdTensor(tensor.Shape, tensor.Axes, (float[])tensor.Data.Clone());
        foreach (var step in steps)
        {
            try
            {
                ApplyInPlace(current, step, references);
            }
            catch (ArgumentException ex)
            {
                throw new PackageException($"Processing step {step}: {ex.Message}", ex);
            }
        }

        return current;
    }

    /// <summary>True when tacs can apply the step.</summary>
    public static bool IsSupported(ProcessingStep step) => ProcessingStep.Supported.Contains(step.Id);

    private static void ApplyInPlace(NdTensor x, ProcessingStep step, IReadOnlyDictionary<string, NdTensor>? references)
    {
        var kw = step.Kwargs;
        var eps = kw.Number("eps") ?? 1e-6;
        var mode = kw.Text("mode") ?? "per_sample";
        if (mode == "per_dataset")
        {
            throw new PackageException($"Processing step {step} uses mode per_dataset, which needs statistics of the training data that the package does not carry; tacs cannot apply it.");
        }

        switch (step.Id)
        {
            case "zero_mean_unit_variance" when mode == "fixed":
            case "fixed_zero_mean_unit_variance":
            {
                var mean = PerIndex(x, kw.Get("mean"), kw, "mean");
                var std = PerIndex(x, kw.Get("std"), kw, "std");
                Map(x, (v, i) => (float)((v - mean(i)) / (std(i) + eps)));
                break;
            }

            case "zero_mean_unit_variance":
            {
                var groups = AxisGroups.Of(x, AxesOf(kw));
                var (mean, std) = groups.MeanStd(x);
                var g = groups.Assign(x);
                Map(x, (v, i) => (float)((v - mean[g[i]]) / (std[g[i]] + eps)));
                break;
            }

            case "scale_range":
            {
                var source = Reference(x, kw, references);
                var groups = AxisGroups.Of(source, AxesOf(kw));
                var p = groups.Percentiles(source, kw.Number("min_percentile") ?? 0, kw.Number("max_percentile") ?? 100);
                var g = groups.Assign(x);
                Map(x, (v, i) => (float)((v - p[0][g[i]]) / (p[1][g[i]] - p[0][g[i]] + eps)));
                break;
            }

            case "scale_mean_variance":
            {
                var source = Reference(x, kw, references);
                var axes = AxesOf(kw);
                var own = AxisGroups.Of(x, axes);
                var (mean, std) = own.MeanStd(x);
                var ownGroup = own.Assign(x);
                var reference = AxisGroups.Of(source, axes);
                var (refMean, refStd) = reference.MeanStd(source);
                var refGroup = reference.Assign(x);
                Map(x, (v, i) => (float)(((v - mean[ownGroup[i]]) / (std[ownGroup[i]] + eps) * (refStd[refGroup[i]] + eps)) + refMean[refGroup[i]]));
                break;
            }

            case "scale_linear":
            {
                var gain = PerIndex(x, kw.Get("gain") ?? "1", kw, "gain");
                var offset = PerIndex(x, kw.Get("offset") ?? "0", kw, "offset");
                Map(x, (v, i) => (float)((v * gain(i)) + offset(i)));
                break;
            }

            case "clip":
            {
                var min = kw.Number("min") ?? double.NegativeInfinity;
                var max = kw.Number("max") ?? double.PositiveInfinity;
                Map(x, (v, _) => (float)Math.Clamp(v, min, max));
                break;
            }

            case "sigmoid":
                Map(x, (v, _) => 1f / (1f + MathF.Exp(-v)));
                break;

            case "binarize":
            {
                var threshold = PerIndex(x, kw.Get("threshold") ?? "0.5", kw, "threshold");
                Map(x, (v, i) => v > threshold(i) ? 1f : 0f);
                break;
            }

            case "ensure_dtype":
                EnsureType(x, kw.Text("dtype") ?? "float32");
                break;

            default:
                throw new PackageException($"Processing step '{step.Id}' is not supported by tacs (supported: {string.Join(", ", ProcessingStep.Supported)}).");
        }
    }

    // Values are kept as float32; integer types are rounded toward zero and held to their range, as a cast would store them.
    private static void EnsureType(NdTensor x, string type)
    {
        (double Min, double Max)? range = type switch
        {
            "float32" or "float64" => null,
            "uint8" => (0, byte.MaxValue),
            "int8" => (sbyte.MinValue, sbyte.MaxValue),
            "uint16" => (0, ushort.MaxValue),
            "int16" => (short.MinValue, short.MaxValue),
            "uint32" => (0, uint.MaxValue),
            "int32" => (int.MinValue, int.MaxValue),
            "uint64" or "int64" => (long.MinValue, long.MaxValue),
            "bool" => (0, 1),
            _ => throw new ArgumentException($"dtype '{type}' is unknown."),
        };
        if (range is { } r)
        {
            Map(x, (v, _) => (float)Math.Clamp(Math.Truncate(v), r.Min, r.Max));
        }
    }

    private static void Map(NdTensor x, Func<float, long, float> f)
    {
        var data = x.Data;
        for (long i = 0; i < data.Length; i++)
        {
            data[i] = f(data[i], i);
        }
    }

    // 0.5 writes axes as a list of ids; 0.4 as a string of letters ("xy"). Absent: all axes together.
    private static string[]? AxesOf(IReadOnlyDictionary<string, object?> kw) => kw.Get("axes") switch
    {
        List<object?> list => [.. list.OfType<string>()],
        string letters => [.. letters.Select(c => c.ToString())],
        _ => null,
    };

    private static NdTensor Reference(NdTensor x, IReadOnlyDictionary<string, object?> kw, IReadOnlyDictionary<string, NdTensor>? references)
    {
        var id = kw.Text("reference_tensor");
        if (id is null)
        {
            return x;
        }

        return references is not null && references.TryGetValue(id, out var reference)
            ? reference
            : throw new ArgumentException($"reference_tensor '{id}' is not an input of the model.");
    }

    // A scalar, or one value per index of the axis named by 'axis' (0.5) or a single-letter 'axes' (0.4).
    private static Func<long, double> PerIndex(NdTensor x, object? value, IReadOnlyDictionary<string, object?> kw, string name)
    {
        var values = YamlTree.Numbers(value);
        if (values.Length == 0 || values.Any(double.IsNaN))
        {
            throw new ArgumentException($"{name} must be a number or a list of numbers.");
        }

        if (values.Length == 1)
        {
            var single = values[0];
            return _ => single;
        }

        var axisName = kw.Text("axis") ?? kw.Text("axes") ?? throw new ArgumentException($"{name} is a list but no axis says what it runs along.");
        var axis = x.IndexOf(axisName);
        if (axis < 0 || x.Shape[axis] != values.Length)
        {
            throw new ArgumentException($"{name} has {values.Length} values, but axis '{axisName}' has {(axis < 0 ? "no entry in the tensor" : x.Shape[axis] + " entries")}.");
        }

        var stride = x.Strides()[axis];
        var size = x.Shape[axis];
        return i => values[i / stride % size];
    }
}
