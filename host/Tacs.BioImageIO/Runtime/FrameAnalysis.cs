using System.Globalization;
using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Tensors;

namespace Tacs.BioImageIO.Runtime;

/// <summary>
/// Runs a model whose output has no space axes (batch with channel or index: a vector of measurements or class
/// scores) on a tacs frame, and names each output value after the description's channel names. The whole frame is
/// one input (such an output describes all of it, so it is not tiled); the frame itself is not changed.
/// </summary>
public sealed class FrameAnalysis
{
    private readonly ModelRunner _runner;
    private readonly TensorDescription _input;

    /// <summary>Checks that the model maps one 2-D frame to a vector of values.</summary>
    /// <exception cref="PackageException">Several inputs or channels, or an output with space axes.</exception>
    public FrameAnalysis(ModelRunner runner)
    {
        _runner = runner;
        if (Misfit(runner.Description) is { } reason)
        {
            throw new PackageException($"{runner.Package.Location}: {reason}");
        }

        _input = runner.Description.Inputs[0];
    }

    /// <summary>True when the model's (first) output has no space or time axes: its values describe the whole input.</summary>
    public static bool IsAnalysis(ModelDescription description) =>
        description.Outputs[0].Axes.All(a => a.Kind is AxisKind.Batch or AxisKind.Channel or AxisKind.Index);

    /// <summary>Why a model cannot turn one 2-D frame into a vector of values, or null when it can.</summary>
    public static string? Misfit(ModelDescription description)
    {
        if (FrameModel.InputMisfit(description) is { } reason)
        {
            return reason;
        }

        var output = description.Outputs[0];
        if (!IsAnalysis(description))
        {
            return $"output '{output.Id}' has axes {string.Join(", ", output.AxisIds)}; an analysis output has only batch, channel or index axes";
        }

        return output.Axes.Count(a => a.Kind != AxisKind.Batch) > 1
            ? $"output '{output.Id}' has axes {string.Join(", ", output.AxisIds)}; tacs names the values of one channel or index axis"
            : null;
    }

    /// <summary>Why a model cannot run as a chain step (image model or analysis), or null when it can.</summary>
    public static string? ChainMisfit(ModelDescription description) => IsAnalysis(description) ? Misfit(description) : FrameModel.Misfit(description);

    /// <summary>The names of the output values the description declares (channel names), empty when it names none.</summary>
    public static IReadOnlyList<string> DeclaredNames(ModelDescription description) =>
        description.Outputs[0].Axes.FirstOrDefault(a => a.Kind == AxisKind.Channel)?.ChannelNames ?? [];

    /// <summary>The description's value count (names, or a fixed channel/index size), or null when the output decides.</summary>
    public static int? DeclaredCount(ModelDescription description)
    {
        var names = DeclaredNames(description);
        return names.Count > 0 ? names.Count : description.Outputs[0].Axes.FirstOrDefault(a => a.Kind != AxisKind.Batch)?.Size;
    }

    /// <summary>Runs the model on a frame and returns its values by name, in output order.</summary>
    /// <param name="pixels">Row-major frame pixels (not changed).</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <exception cref="PackageException">The frame is a size the input does not accept, or the output does not have the values the description names.</exception>
    public IReadOnlyList<KeyValuePair<string, double>> Run(float[] pixels, int width, int height)
    {
        var location = _runner.Package.Location;
        foreach (var (id, size) in new[] { ("y", height), ("x", width) })
        {
            var axis = _input.Axis(AxisKind.Space, id)!;
            if (axis.ValidSizeAtLeast(size) != size)
            {
                throw new PackageException(
                    $"{location}: the model takes {id} = {Accepted(axis)}, and the frame is {width}×{height}. An analysis model sees the whole frame at once, so tacs does not tile or pad it; crop or bin the frames to a size it accepts.");
            }
        }

        var raw = new NdTensor([.. _input.Axes.Select(a => a.Id == "y" ? height : a.Id == "x" ? width : 1)], _input.AxisIds, pixels);
        var output = _runner.Run([raw])[0];
        var names = DeclaredNames(_runner.Description);
        var outputId = _runner.Description.Outputs[0].Id;
        if (names.Count > 0 && output.Data.Length != names.Count)
        {
            throw new PackageException(
                $"{location}: output '{outputId}' gave {output.Data.Length} value(s) (shape {output.DescribeShape()}), and the description names {names.Count} ({string.Join(", ", names)}). The package's weights and description do not match; tell its authors.");
        }

        return [.. output.Data.Select((v, i) => new KeyValuePair<string, double>(
            names.Count > 0 ? names[i] : string.Create(CultureInfo.InvariantCulture, $"{outputId}_{i}"), v))];
    }

    private static string Accepted(AxisDescription axis) => axis.Size is { } s ? s.ToString(CultureInfo.InvariantCulture)
        : axis.Step > 0 ? string.Create(CultureInfo.InvariantCulture, $"{axis.Min} + n·{axis.Step}")
        : string.Create(CultureInfo.InvariantCulture, $"at least {axis.Min}");
}
