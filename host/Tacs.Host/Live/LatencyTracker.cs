namespace Tacs.Host.Live;

/// <summary>Keeps the most recent latencies and reports percentiles over them.</summary>
internal sealed class LatencyTracker
{
    private readonly double[] _samples = new double[4096];
    private readonly Lock _gate = new();
    private long _count;

    public void Add(double milliseconds)
    {
        lock (_gate)
        {
            _samples[_count % _samples.Length] = milliseconds;
            _count++;
        }
    }

    public (double P50, double P99) Percentiles()
    {
        double[] copy;
        lock (_gate)
        {
            copy = _samples[..(int)Math.Min(_count, _samples.Length)];
        }

        if (copy.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        Array.Sort(copy);
        return (copy[(int)(0.5 * (copy.Length - 1))], copy[(int)Math.Ceiling(0.99 * (copy.Length - 1))]);
    }
}
