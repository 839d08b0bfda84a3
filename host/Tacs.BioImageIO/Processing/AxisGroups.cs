using Tacs.BioImageIO.Tensors;

namespace Tacs.BioImageIO.Processing;

/// <summary>
/// Splits a tensor's values into groups that share the coordinates of the axes NOT reduced over: normalising
/// "over x and y" gives one group per batch element and channel, each with its own mean, range or percentiles.
/// </summary>
internal sealed class AxisGroups
{
    private AxisGroups(string[] kept, int[] keptSizes)
    {
        Kept = kept;
        KeptSizes = keptSizes;
        Count = keptSizes.Aggregate(1, (a, b) => a * b);
    }

    public string[] Kept { get; }

    public int[] KeptSizes { get; }

    public int Count { get; }

    /// <summary>Groups of <paramref name="source"/> when reducing over <paramref name="reduce"/> (null: all axes, one group).</summary>
    public static AxisGroups Of(NdTensor source, IReadOnlyCollection<string>? reduce)
    {
        if (reduce is not null)
        {
            foreach (var axis in reduce.Where(a => source.IndexOf(a) < 0))
            {
                throw new ArgumentException($"axis '{axis}' is not an axis of the tensor ({string.Join(", ", source.Axes)}).");
            }
        }

        var kept = reduce is null ? [] : source.Axes.Where(a => !reduce.Contains(a)).ToArray();
        return new AxisGroups(kept, [.. kept.Select(a => source.Shape[source.IndexOf(a)])]);
    }

    /// <summary>The group of every value of <paramref name="tensor"/> (which may be another tensor than the one the groups came from,
    /// sharing the kept axes by name; a kept axis it lacks counts as coordinate 0).</summary>
    public int[] Assign(NdTensor tensor)
    {
        var multiplier = new long[tensor.Shape.Length];
        for (var a = 0; a < tensor.Shape.Length; a++)
        {
            var k = Array.IndexOf(Kept, tensor.Axes[a]);
            if (k < 0 || KeptSizes[k] == 1)
            {
                continue;
            }

            if (KeptSizes[k] != tensor.Shape[a])
            {
                throw new ArgumentException($"axis '{tensor.Axes[a]}' has {tensor.Shape[a]} entries here and {KeptSizes[k]} in the reference tensor.");
            }

            long m = 1;
            for (var j = k + 1; j < Kept.Length; j++)
            {
                m *= KeptSizes[j];
            }

            multiplier[a] = m;
        }

        var strides = tensor.Strides();
        var groups = new int[tensor.Data.Length];
        if (multiplier.All(m => m == 0))
        {
            return groups;
        }

        for (long i = 0; i < groups.Length; i++)
        {
            long group = 0;
            for (var a = 0; a < strides.Length; a++)
            {
                if (multiplier[a] != 0)
                {
                    group += i / strides[a] % tensor.Shape[a] * multiplier[a];
                }
            }

            groups[i] = (int)group;
        }

        return groups;
    }

    /// <summary>Mean and population standard deviation per group.</summary>
    public (double[] Mean, double[] Std) MeanStd(NdTensor source)
    {
        var groups = Assign(source);
        var sum = new double[Count];
        var squares = new double[Count];
        var n = new long[Count];
        for (var i = 0; i < groups.Length; i++)
        {
            double v = source.Data[i];
            sum[groups[i]] += v;
            squares[groups[i]] += v * v;
            n[groups[i]]++;
        }

        var mean = new double[Count];
        var std = new double[Count];
        for (var g = 0; g < Count; g++)
        {
            mean[g] = sum[g] / n[g];
            std[g] = Math.Sqrt(Math.Max(0, (squares[g] / n[g]) - (mean[g] * mean[g])));
        }

        return (mean, std);
    }

    /// <summary>Percentiles (0–100) per group, interpolated linearly between ranks as NumPy's default does; one sort per group.</summary>
    public double[][] Percentiles(NdTensor source, params double[] percents)
    {
        var groups = Assign(source);
        var values = Enumerable.Range(0, Count).Select(_ => new List<float>()).ToArray();
        for (var i = 0; i < groups.Length; i++)
        {
            values[groups[i]].Add(source.Data[i]);
        }

        var result = percents.Select(_ => new double[Count]).ToArray();
        for (var g = 0; g < Count; g++)
        {
            var sorted = values[g].ToArray();
            Array.Sort(sorted);
            for (var p = 0; p < percents.Length; p++)
            {
                var rank = percents[p] / 100 * (sorted.Length - 1);
                var low = (int)Math.Floor(rank);
                var high = Math.Min(low + 1, sorted.Length - 1);
                result[p][g] = sorted[low] + ((rank - low) * ((double)sorted[high] - sorted[low]));
            }
        }

        return result;
    }
}
