using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Processing;
using Tacs.BioImageIO.Tensors;

namespace Tacs.BioImageIO.Runtime;

/// <summary>
/// Runs a package on a tacs frame (one 2-D channel): the frame becomes the input tensor (batch, channel and z of
/// size 1, y and x), preprocessing runs on the whole frame, the network runs tile by tile with the declared halo
/// and window sizes, postprocessing runs on the stitched output, and one output channel becomes the new frame.
/// </summary>
public sealed class FrameModel
{
    private readonly ModelRunner _runner;
    private readonly TensorDescription _input;
    private readonly TensorDescription _output;

    /// <summary>Checks that the model maps one 2-D frame to an image of the same size.</summary>
    /// <exception cref="PackageException">It takes several inputs, several channels, time or index axes, or its output is not an image of the input's size.</exception>
    public FrameModel(ModelRunner runner)
    {
        _runner = runner;
        if (Misfit(runner.Description) is { } reason)
        {
            throw new PackageException($"{runner.Package.Location}: {reason}");
        }

        _input = runner.Description.Inputs[0];
        _output = runner.Description.Outputs[0];
    }

    /// <summary>Why a model cannot turn one 2-D frame into an image of the same size, or null when it can.</summary>
    public static string? Misfit(ModelDescription description)
    {
        if (InputMisfit(description) is { } reason)
        {
            return reason;
        }

        var output = description.Outputs[0];
        foreach (var id in new[] { "y", "x" })
        {
            var axis = output.Axis(AxisKind.Space, id);
            if (axis is null || (axis.Reference is { } r && (r.Scale != 1 || r.Offset != 0)))
            {
                return $"output '{output.Id}' is not an image of the input's size along {id}; tacs chains take image models of the input's size, or analysis models whose output has no space axes";
            }
        }

        var outputIds = output.AxisIds.ToList();
        var channel = outputIds.IndexOf(output.Axis(AxisKind.Channel)?.Id ?? "~");
        if (channel > outputIds.IndexOf("y") || output.Axes.Any(a => a.Kind is AxisKind.Time or AxisKind.Index || (a.Kind == AxisKind.Space && a.Id == "z")) ||
            outputIds.IndexOf("y") > outputIds.IndexOf("x"))
        {
            return $"output axes {string.Join(", ", outputIds)} are not (batch, channel, y, x); tacs cannot turn them into a frame";
        }

        return null;
    }

    /// <summary>Why one 2-D frame cannot be the model's input (several inputs, channels, or a z axis that cannot be 1), or null.</summary>
    public static string? InputMisfit(ModelDescription description)
    {
        if (description.Inputs.Count != 1)
        {
            return $"the model takes {description.Inputs.Count} inputs; a tacs chain feeds one frame";
        }

        var input = description.Inputs[0];
        foreach (var axis in input.Axes)
        {
            var ok = axis.Kind switch
            {
                AxisKind.Batch => true,
                AxisKind.Space when axis.Id is "x" or "y" => true,
                _ => axis.ValidSizeAtLeast(1) == 1,
            };
            if (!ok)
            {
                return $"input axis '{axis.Id}' ({axis.Kind.ToString().ToLowerInvariant()}) needs {axis.ValidSizeAtLeast(1)} entries; tacs frames are one 2-D channel (a z axis must accept size 1)";
            }
        }

        var inputIds = input.AxisIds.ToList();
        if (input.Axis(AxisKind.Space, "y") is null || input.Axis(AxisKind.Space, "x") is null || inputIds.IndexOf("y") > inputIds.IndexOf("x"))
        {
            return $"the input needs space axes y then x; it has {string.Join(", ", inputIds)}";
        }

        return null;
    }

    /// <summary>Number of output channels (known after the first run; the description's channel names when given).</summary>
    public int DeclaredChannels => _output.Axis(AxisKind.Channel)?.ChannelNames.Count ?? 1;

    /// <summary>Runs the model on a frame.</summary>
    /// <param name="pixels">Row-major frame pixels.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <param name="tile">Largest window side fed to the network.</param>
    /// <param name="channel">Output channel that becomes the frame.</param>
    /// <param name="restoreScale">Bring the output back to the input's intensity scale by inverting the input normalisation (for denoisers).</param>
    /// <param name="cancellation">Checked between tiles.</param>
    /// <exception cref="PackageException">Bad channel, or the network refused a window.</exception>
    public float[] Run(float[] pixels, int width, int height, int tile, int channel, bool restoreScale, CancellationToken cancellation)
    {
        var raw = new NdTensor([.. _input.Axes.Select(a => a.Id == "y" ? height : a.Id == "x" ? width : 1)], _input.AxisIds, pixels);
        var references = _runner.References([raw]);
        var prepared = Processor.Apply(raw, _input.Processing, references);
        var rows = TilePlan.For(height, _input.Axis(AxisKind.Space, "y")!, _output.Axis(AxisKind.Space, "y")!.Halo, tile);
        var columns = TilePlan.For(width, _input.Axis(AxisKind.Space, "x")!, _output.Axis(AxisKind.Space, "x")!.Halo, tile);
        float[][]? stitched = null;
        foreach (var (rowStart, keepRow, keepRows) in rows.Tiles)
        {
            foreach (var (columnStart, keepColumn, keepColumns) in columns.Tiles)
            {
                cancellation.ThrowIfCancellationRequested();
                var window = Window(prepared.Data, width, height, rowStart, columnStart, rows.Window, columns.Window);
                var shape = _input.Axes.Select(a => a.Id == "y" ? rows.Window : a.Id == "x" ? columns.Window : 1).ToArray();
                var output = _runner.RunNetwork([new NdTensor(shape, _input.AxisIds, window)])[0];
                var (channels, outHeight, outWidth) = ChannelsAndSize(output);
                if (outHeight != rows.Window || outWidth != columns.Window)
                {
                    throw new PackageException($"{_runner.Package.Location}: a {rows.Window}×{columns.Window} window gave a {outHeight}×{outWidth} output; expected the same size.");
                }

                stitched ??= [.. Enumerable.Range(0, channels).Select(_ => new float[width * height])];
                for (var c = 0; c < channels; c++)
                {
                    for (var y = 0; y < keepRows; y++)
                    {
                        var sourceRow = (c * outHeight * outWidth) + ((keepRow - rowStart + y) * outWidth) + (keepColumn - columnStart);
                        Array.Copy(output.Data, sourceRow, stitched[c], ((keepRow + y) * width) + keepColumn, keepColumns);
                    }
                }
            }
        }

        if (channel < 0 || channel >= stitched!.Length)
        {
            throw new PackageException($"The model gives {stitched!.Length} output channel(s); channel {channel} does not exist (0–{stitched.Length - 1}).");
        }

        var outputShape = _output.Axes.Select(a => a.Kind == AxisKind.Channel ? stitched.Length : a.Id == "y" ? height : a.Id == "x" ? width : 1).ToArray();
        var whole = new NdTensor(outputShape, _output.AxisIds, [.. stitched.SelectMany(c => c)]);
        var post = Processor.Apply(whole, _output.Processing, references);
        var result = post.Data.AsSpan(channel * width * height, width * height).ToArray();
        if (restoreScale)
        {
            Invert(result, pixels, prepared.Data);
        }

        return result;
    }

    // Any per-frame affine normalisation (scale_range, zero_mean_unit_variance, scale_linear) is p = a·r + b; fitted
    // from the frame itself, so every such step (and chains of them) is undone without special cases.
    private static void Invert(float[] result, float[] raw, float[] prepared)
    {
        double n = raw.Length, sr = 0, sp = 0, srr = 0, srp = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            sr += raw[i];
            sp += prepared[i];
            srr += (double)raw[i] * raw[i];
            srp += (double)raw[i] * prepared[i];
        }

        var variance = (srr / n) - ((sr / n) * (sr / n));
        var a = variance > 0 ? ((srp / n) - ((sr / n) * (sp / n))) / variance : 1;
        var b = (sp / n) - (a * sr / n);
        if (a == 0 || !double.IsFinite(a))
        {
            return;
        }

        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (float)((result[i] - b) / a);
        }
    }

    private static float[] Window(float[] frame, int width, int height, int rowStart, int columnStart, int rows, int columns)
    {
        var window = new float[rows * columns];
        for (var y = 0; y < rows; y++)
        {
            var sourceRow = TilePlan.Mirror(rowStart + y, height) * width;
            for (var x = 0; x < columns; x++)
            {
                window[(y * columns) + x] = frame[sourceRow + TilePlan.Mirror(columnStart + x, width)];
            }
        }

        return window;
    }

    private (int Channels, int Height, int Width) ChannelsAndSize(NdTensor output)
    {
        var channelAxis = _output.Axis(AxisKind.Channel)?.Id;
        int Size(string? id) => id is not null && output.IndexOf(id) is var i and >= 0 ? output.Shape[i] : 1;
        return (Size(channelAxis), Size("y"), Size("x"));
    }
}
