using System.Globalization;

namespace Tacs.Host.Batch;

/// <summary>
/// Part K of N of a batch of work units (0-based, as Slurm numbers array tasks): unit u (an image of a study, a file of a folder run) belongs to shard u mod N.
/// Interleaving rather than cutting into blocks keeps every shard's mix of classes and image sizes alike, so array
/// tasks take about the same time.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole batch in one process.</summary>
    public static Shard All { get; } = new(0, 1);

    /// <summary>True for the whole batch.</summary>
    public bool IsAll => Count == 1;

    /// <summary>Reads <c>K/N</c> with 0 ≤ K &lt; N.</summary>
    /// <exception cref="ArgumentException">The text is not of that form.</exception>
    public static Shard Parse(string text)
    {
        var parts = (text ?? string.Empty).Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && count <= 10_000 && index < count)
        {
            return new Shard(index, count);
        }

        throw new ArgumentException($"--shard '{text}' is not K/N with 0 ≤ K < N ≤ 10000 (0-based, as $SLURM_ARRAY_TASK_ID: 0/4 … 3/4).");
    }

    /// <summary>True when unit <paramref name="unit"/> is this shard's work.</summary>
    public bool Owns(int unit) => unit % Count == Index;

    /// <summary>The units of <paramref name="total"/> that are this shard's work, in order.</summary>
    public IEnumerable<int> Units(int total) => Enumerable.Range(0, total).Where(Owns);

    /// <summary>File name of this shard's partial results, such as <c>shard-2-of-4.json</c>.</summary>
    public string FileName(string stem = "shard") => string.Create(CultureInfo.InvariantCulture, $"{stem}-{Index}-of-{Count}.json");

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
