namespace Tacs.BioImageIO.Tensors;

/// <summary>An n-dimensional float32 array in row-major (C) order with a name for every axis, the form in which
/// BioImage.IO describes inputs and outputs ("batch", "channel", "y", "x", or the 0.4 letters b, c, y, x).</summary>
public sealed class NdTensor
{
    /// <summary>Wraps <paramref name="data"/> (not copied).</summary>
    /// <exception cref="ArgumentException">Axes and shape differ in length, or the data does not fill the shape.</exception>
    public NdTensor(IReadOnlyList<int> shape, IReadOnlyList<string> axes, float[] data)
    {
        if (shape.Count != axes.Count)
        {
            throw new ArgumentException($"A tensor of shape [{string.Join(", ", shape)}] needs {shape.Count} axis names; got {axes.Count} ({string.Join(", ", axes)}).");
        }

        long count = 1;
        foreach (var side in shape)
        {
            count *= side;
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {count} values; got {data.Length}.");
        }

        Shape = [.. shape];
        Axes = [.. axes];
        Data = data;
    }

    /// <summary>Size of each axis.</summary>
    public int[] Shape { get; }

    /// <summary>Name of each axis.</summary>
    public string[] Axes { get; }

    /// <summary>The values, row-major.</summary>
    public float[] Data { get; }

    /// <summary>Position of axis <paramref name="id"/>, or -1.</summary>
    public int IndexOf(string id) => Array.IndexOf(Axes, id);

    /// <summary>Distance in the data between neighbours along each axis.</summary>
    public long[] Strides()
    {
        var strides = new long[Shape.Length];
        long stride = 1;
        for (var i = Shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= Shape[i];
        }

        return strides;
    }

    /// <summary>The same values with other axis names (shapes must agree).</summary>
    public NdTensor WithAxes(IReadOnlyList<string> axes) => new(Shape, axes, Data);

    /// <summary>Shape as text, such as <c>1×1×512×512</c>.</summary>
    public string DescribeShape() => string.Join("×", Shape);

    /// <summary>Largest absolute difference to <paramref name="other"/>, which must have the same shape; NaN where either is NaN counts as infinite.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public double MaxAbsDifference(NdTensor other)
    {
        if (!Shape.SequenceEqual(other.Shape))
        {
            throw new ArgumentException($"Shapes differ: {DescribeShape()} and {other.DescribeShape()}.");
        }

        double worst = 0;
        for (var i = 0; i < Data.Length; i++)
        {
            var difference = Math.Abs((double)Data[i] - other.Data[i]);
            worst = double.IsNaN(difference) ? double.PositiveInfinity : Math.Max(worst, difference);
        }

        return worst;
    }
}
