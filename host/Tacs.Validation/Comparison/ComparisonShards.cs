using Tacs.Host.Batch;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tacs.Validation.Comparison;

/// <summary>
/// <c>tacs compare</c> split by image: shard K of N scores the clean images whose index mod N is K and writes its rows;
/// the merge puts them back in image order, so the tables equal a single run's (timings aside).
/// </summary>
public static class ComparisonShards
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Scores this shard's images and writes <c>compare-K-of-N.json</c> into <paramref name="folder"/>.</summary>
    public static string Write(CompareOptions options, Shard shard, IReadOnlyList<(int Image, IReadOnlyList<CompareRow> Rows)> rows, string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, shard.FileName("compare"));
        var stored = new Stored(shard.ToString(), Settings(options), [.. rows.Select(r => new StoredImage(r.Image, [.. r.Rows]))]);
        File.WriteAllText(path + ".partial", JsonSerializer.Serialize(stored, Json));
        File.Move(path + ".partial", path, overwrite: true);
        return path;
    }

    /// <summary>Every shard's rows in image order.</summary>
    /// <exception cref="ArgumentException">Shards are missing, of different splits, or of other settings.</exception>
    public static IReadOnlyList<CompareRow> Merge(CompareOptions options, string folder)
    {
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "compare-*-of-*.json") : [];
        if (files.Length == 0)
        {
            throw new ArgumentException($"No shard files (compare-K-of-N.json) in {folder}: run the shards first (tacs compare … --shard K/N).");
        }

        var shards = files.Select(f => (File: f, Data: JsonSerializer.Deserialize<Stored>(File.ReadAllText(f), Json)!)).ToList();
        var count = Shard.Parse(shards[0].Data.Shard).Count;
        if (shards.Any(s => Shard.Parse(s.Data.Shard).Count != count))
        {
            throw new ArgumentException($"{folder} holds compare shards of different splits: remove the old ones and rerun.");
        }

        var missing = Enumerable.Range(0, count).Where(k => shards.All(s => Shard.Parse(s.Data.Shard).Index != k)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"Shards {string.Join(", ", missing.Select(k => $"{k}/{count}"))} are missing from {folder}: run them and merge again.");
        }

        var settings = Settings(options);
        if (shards.FirstOrDefault(s => s.Data.Settings != settings) is { File: not null } other)
        {
            throw new ArgumentException($"{other.File} was made with other images, noise levels, methods or seed than this merge asks for: merge with the shards' command (only --shard differs).");
        }

        return [.. shards.SelectMany(s => s.Data.Images).OrderBy(i => i.Image).SelectMany(i => i.Rows)];
    }

    private static string Settings(CompareOptions o) =>
        JsonSerializer.Serialize(new { o.CleanImages, o.NoisyImages, o.Sigmas, o.Methods, o.Seed }, Json);

    private sealed record Stored(string Shard, string Settings, List<StoredImage> Images);

    private sealed record StoredImage(int Image, List<CompareRow> Rows);
}
