using Tacs.Host.Batch;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tacs.Collagen.Features;
using Tacs.Validation.Study;

namespace Tacs.Validation.Sharding;

/// <summary>
/// A shard's partial results on disk (JSON): the options and plugin versions it ran with, and the measurements of its
/// work units. Doubles are written in their shortest round-trip form, so a merged study computes from exactly the
/// numbers a single process would have held in memory.
/// </summary>
internal static class ShardFile
{
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        IncludeFields = true,
    };

    /// <summary>Writes <paramref name="outcomes"/> as shard <paramref name="shard"/> into <paramref name="folder"/> (atomically: a crash leaves no half file).</summary>
    public static string Write(StudyOutcomes outcomes, Shard shard, string folder)
    {
        Directory.CreateDirectory(folder);
        var names = new List<IReadOnlyList<string>>();
        var dto = new Stored
        {
            Format = FormatVersion,
            Shard = shard.ToString(),
            Options = outcomes.Options,
            Methods = [.. outcomes.Methods],
            PluginVersions = new(outcomes.PluginVersions),
            Seconds = outcomes.Seconds,
            Machine = outcomes.Machine,
            Samples = [.. outcomes.Samples.Select(s => new StoredSample
            {
                Index = s.Index,
                Id = s.Id,
                Label = s.Label,
                Clean = Store(s.Clean, names),
                Levels = [.. s.Levels.Select(l => l.Select(m => new StoredMethod { Psnr = m.Psnr, Ssim = m.Ssim, Milliseconds = m.Milliseconds, Features = Store(m.Features, names) }).ToArray())],
                Perturbed = [.. s.Perturbed.Select(m => m.Select(f => Store(f, names)).ToArray())],
            })],
            RealDenoising = [.. outcomes.RealDenoising.Select(r => new StoredReal<List<RealDenoiseResult>> { Unit = r.Unit, Result = [.. r.Results] })],
            RealClassification = [.. outcomes.RealClassification.Select(r => new StoredReal<RealClassificationResult> { Unit = r.Unit, Result = r.Result })],
        };
        dto.FeatureNames = [.. names.Select(n => n.ToArray())];
        var path = Path.Combine(folder, shard.FileName());
        var partial = path + ".partial";
        File.WriteAllText(partial, JsonSerializer.Serialize(dto, Json));
        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>Reads one shard file.</summary>
    /// <exception cref="ArgumentException">The file is not a shard file of this format.</exception>
    public static (Shard Shard, StudyOutcomes Outcomes) Read(string path)
    {
        Stored dto;
        try
        {
            dto = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path), Json) ?? throw new JsonException("empty file");
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"{path} is not a readable shard file ({ex.Message}); rerun that shard.", ex);
        }

        if (dto.Format != FormatVersion)
        {
            throw new ArgumentException($"{path} has shard format {dto.Format}, this tacs reads {FormatVersion}; rerun the shards with this version.");
        }

        var names = dto.FeatureNames;
        FeatureVector Load(StoredFeatures f) => new(names[f.Names], f.Values, f.BoundaryUsed, f.Notes);
        var outcomes = new StudyOutcomes
        {
            Options = dto.Options,
            Methods = dto.Methods,
            PluginVersions = dto.PluginVersions,
            Seconds = dto.Seconds,
            Machine = dto.Machine,
            Samples = [.. dto.Samples.Select(s => new SampleOutcome(
                s.Index,
                s.Id,
                s.Label,
                Load(s.Clean),
                [.. s.Levels.Select(l => l.Select(m => new MethodOutcome(m.Psnr, m.Ssim, m.Milliseconds, Load(m.Features))).ToArray())],
                [.. s.Perturbed.Select(m => m.Select(Load).ToArray())]))],
            RealDenoising = [.. dto.RealDenoising.Select(r => (r.Unit, (IReadOnlyList<RealDenoiseResult>)r.Result))],
            RealClassification = [.. dto.RealClassification.Select(r => (r.Unit, r.Result))],
        };
        return (Shard.Parse(dto.Shard), outcomes);
    }

    // Feature names are the same list for nearly every vector: stored once per file, referred to by index.
    private static StoredFeatures Store(FeatureVector features, List<IReadOnlyList<string>> names)
    {
        var index = names.FindIndex(n => n.SequenceEqual(features.Names));
        if (index < 0)
        {
            names.Add(features.Names);
            index = names.Count - 1;
        }

        return new StoredFeatures { Names = index, Values = [.. features.Values], BoundaryUsed = features.BoundaryUsed, Notes = [.. features.Notes] };
    }

    private sealed class Stored
    {
        public int Format { get; set; }

        public string Shard { get; set; } = string.Empty;

        public ValidationOptions Options { get; set; } = new();

        public List<MethodInfo> Methods { get; set; } = [];

        public Dictionary<string, string> PluginVersions { get; set; } = [];

        public double Seconds { get; set; }

        public string Machine { get; set; } = string.Empty;

        public List<string[]> FeatureNames { get; set; } = [];

        public List<StoredSample> Samples { get; set; } = [];

        public List<StoredReal<List<RealDenoiseResult>>> RealDenoising { get; set; } = [];

        public List<StoredReal<RealClassificationResult>> RealClassification { get; set; } = [];
    }

    private sealed class StoredSample
    {
        public int Index { get; set; }

        public string Id { get; set; } = string.Empty;

        public string Label { get; set; } = string.Empty;

        public StoredFeatures Clean { get; set; } = new();

        public StoredMethod[][] Levels { get; set; } = [];

        public StoredFeatures[][] Perturbed { get; set; } = [];
    }

    private sealed class StoredMethod
    {
        public double Psnr { get; set; }

        public double Ssim { get; set; }

        public double Milliseconds { get; set; }

        public StoredFeatures Features { get; set; } = new();
    }

    private sealed class StoredFeatures
    {
        public int Names { get; set; }

        public double[] Values { get; set; } = [];

        public bool BoundaryUsed { get; set; }

        public string[] Notes { get; set; } = [];
    }

    private sealed class StoredReal<T>
        where T : class
    {
        public int Unit { get; set; }

        public T Result { get; set; } = null!;
    }
}
