using System.Globalization;

namespace Tacs.Validation.Study;

/// <summary>A size in bytes as people write it: <c>5G</c>, <c>500M</c>, <c>1.5GiB</c>, <c>0</c> (binary units).</summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("TIB", 1L << 40), ("GIB", 1L << 30), ("MIB", 1L << 20), ("KIB", 1L << 10),
        ("TB", 1L << 40), ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10),
        ("T", 1L << 40), ("G", 1L << 30), ("M", 1L << 20), ("K", 1L << 10), ("B", 1),
    ];

    /// <summary>Parses <paramref name="text"/>, or throws an <see cref="ArgumentException"/> naming <paramref name="what"/>.</summary>
    public static long Parse(string text, string what)
    {
        var trimmed = text.Trim().ToUpperInvariant();
        var factor = 1L;
        foreach (var (suffix, size) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal))
            {
                trimmed = trimmed[..^suffix.Length].TrimEnd();
                factor = size;
                break;
            }
        }

        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number) || number < 0 || number * factor > long.MaxValue / 2)
        {
            throw new ArgumentException($"{what} '{text}' is not a size: write a number of bytes with K, M, G or T (binary units), for example 5G or 500M.");
        }

        return (long)(number * factor);
    }

    /// <summary>Bytes as a short text: <c>4.2 GiB</c>.</summary>
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
