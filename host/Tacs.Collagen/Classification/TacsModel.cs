using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Transforms;
using Tacs.Collagen.Features;

namespace Tacs.Collagen.Classification;

/// <summary>
/// A TACS classifier: ML.NET one-versus-all FastForest (random forest) over named fibre features. The model
/// file is a zip holding <c>tacs-model.json</c> (feature schema, feature version, classes, how it was
/// trained) and <c>mlnet-model.zip</c>. Prediction is thread-safe.
/// </summary>
public sealed class TacsModel
{
    private const string MetadataEntry = "tacs-model.json";
    private const string NetEntry = "mlnet-model.zip";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly MLContext _context;
    private readonly ITransformer _transformer;
    private readonly Lock _gate = new();
    private PredictionEngine<FeatureRow, ScoreRow>? _engine;

    private TacsModel(MLContext context, ITransformer transformer, ModelMetadata metadata)
    {
        _context = context;
        _transformer = transformer;
        Metadata = metadata;
    }

    /// <summary>What the model is and how it was made.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>Features the model reads, in order.</summary>
    public IReadOnlyList<string> FeatureNames => Metadata.FeatureNames;

    /// <summary>Class names.</summary>
    public IReadOnlyList<string> Classes => Metadata.Classes;

    /// <summary>True when the model needs boundary features.</summary>
    public bool NeedsBoundary => Metadata.NeedsBoundary;

    /// <summary>Trains a model.</summary>
    /// <param name="examples">Labelled feature vectors; at least two classes, at least two examples each.</param>
    /// <param name="options">Training options, or null for the defaults.</param>
    /// <exception cref="ArgumentException">Too few examples or classes, a feature missing from an example, non-finite values.</exception>
    public static TacsModel Train(IReadOnlyList<TrainingExample> examples, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new TrainingOptions();
        options.Validate();

        var counts = examples.GroupBy(e => e.Label).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        if (counts.Count < 2 || counts.Values.Any(c => c < 2))
        {
            throw new ArgumentException($"Training needs at least two classes with at least two examples each; got {string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"))}.");
        }

        var withBoundary = examples.All(e => e.Features.BoundaryUsed);
        var names = options.FeatureNames ?? FeatureCatalog.ClassifierNames(withBoundary);
        var rows = examples.Select(e => new FeatureRow { Label = e.Label, Features = Vectorise(e.Features, names, e.Id) }).ToList();
        var context = new MLContext(seed: options.Seed);
        var schema = FeatureSchema.For(names.Count);
        var data = context.Data.LoadFromEnumerable(rows, schema);
        var pipeline = context.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(context.MulticlassClassification.Trainers.OneVersusAll(
                context.BinaryClassification.Trainers.FastForest(numberOfLeaves: options.Leaves, numberOfTrees: options.Trees, minimumExampleCountPerLeaf: options.MinimumExamplesPerLeaf)))
            .Append(context.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var transformer = pipeline.Fit(data);
        var metadata = new ModelMetadata
        {
            FeatureVersion = FeatureCatalog.Version,
            FeatureNames = [.. names],
            Classes = [.. counts.Keys.Order(StringComparer.Ordinal)],
            NeedsBoundary = names.Any(n => FeatureCatalog.All.Any(f => f.Name == n && f.NeedsBoundary)),
            BandWidth = options.BandWidth,
            Trees = options.Trees,
            Leaves = options.Leaves,
            MinimumExamplesPerLeaf = options.MinimumExamplesPerLeaf,
            Seed = options.Seed,
            TrainingCounts = counts,
            FeatureSupport = names.ToDictionary(n => n, n => new FeatureRange(examples.Min(e => e.Features[n]), examples.Max(e => e.Features[n])), StringComparer.Ordinal),
            DoubtMargin = options.DoubtMargin,
            PixelSizeMicrons = options.PixelSizeMicrons,
            ImageSide = options.ImageSide,
            Command = options.Command,
            DataDescription = options.DataDescription,
            CreatedUtc = DateTimeOffset.UtcNow,
        };
        return new TacsModel(context, transformer, metadata);
    }

    /// <summary>Predicts the class of one image.</summary>
    /// <param name="features">Its features; must hold every feature of <see cref="FeatureNames"/>.</param>
    /// <exception cref="ModelException">A feature the model needs is missing (for example no boundary was given to a boundary model).</exception>
    public TacsPrediction Predict(FeatureVector features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var row = new FeatureRow { Features = Vectorise(features, FeatureNames, string.Empty) };
        ScoreRow output;
        lock (_gate)
        {
            // PredictionEngine is not thread-safe; one engine behind a lock keeps plugin calls from several threads safe.
            _engine ??= _context.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(_transformer, inputSchemaDefinition: FeatureSchema.For(FeatureNames.Count));
            output = _engine.Predict(row);
        }

        return WithDoubts(ToPrediction(output.Score), features);
    }

    /// <summary>Predicts many images in one batch (faster than one by one).</summary>
    /// <param name="features">Feature vectors.</param>
    public IReadOnlyList<TacsPrediction> PredictMany(IReadOnlyList<FeatureVector> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
        {
            return [];
        }

        var rows = features.Select(f => new FeatureRow { Features = Vectorise(f, FeatureNames, string.Empty), Label = Classes[0] }).ToList();
        var data = _context.Data.LoadFromEnumerable(rows, FeatureSchema.For(FeatureNames.Count));
        var scored = _transformer.Transform(data);
        return [.. _context.Data.CreateEnumerable<ScoreRow>(scored, reuseRowObject: false).Select((r, i) => WithDoubts(ToPrediction(r.Score), features[i]))];
    }

    /// <summary>Writes the model file.</summary>
    /// <param name="path">The .zip file to write (replaced when it exists).</param>
    public void Save(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using var net = new MemoryStream();
        var schema = _context.Data.LoadFromEnumerable(new List<FeatureRow>(), FeatureSchema.For(FeatureNames.Count)).Schema;
        _context.Model.Save(_transformer, schema, net);
        var partial = path + ".partial";
        using (var archive = ZipFile.Open(partial, ZipArchiveMode.Create))
        {
            using (var writer = new StreamWriter(archive.CreateEntry(MetadataEntry).Open()))
            {
                writer.Write(JsonSerializer.Serialize(Metadata, Json));
            }

            using var entry = archive.CreateEntry(NetEntry, CompressionLevel.NoCompression).Open();
            net.Position = 0;
            net.CopyTo(entry);
        }

        File.Move(partial, path, overwrite: true);
    }

    /// <summary>Reads a model file.</summary>
    /// <param name="path">A file written by <see cref="Save"/>.</param>
    /// <exception cref="ModelException">Missing, not a Tacs model, damaged, or trained with another feature version.</exception>
    public static TacsModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelException($"Model file {path} not found; train one with 'tacs classify train' or omit the model to use the shipped default.");
        }

        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Reads a model from a stream (for example a model embedded in a plugin).</summary>
    /// <param name="stream">The model zip.</param>
    /// <param name="source">Name of the source for messages.</param>
    /// <exception cref="ModelException">Not a Tacs model, damaged, or trained with another feature version.</exception>
    public static TacsModel Load(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var metaEntry = archive.GetEntry(MetadataEntry) ?? throw new ModelException($"{source} is a zip file but not a Tacs model (no {MetadataEntry}); train one with 'tacs classify train'.");
            ModelMetadata metadata;
            using (var reader = new StreamReader(metaEntry.Open()))
            {
                metadata = JsonSerializer.Deserialize<ModelMetadata>(reader.ReadToEnd()) ?? throw new ModelException($"{source}: empty model description.");
            }

            if (metadata.FeatureVersion != FeatureCatalog.Version)
            {
                throw new ModelException($"Model {source} was trained with feature version {metadata.FeatureVersion}, but this build computes feature version {FeatureCatalog.Version}; the features differ, so its predictions would be wrong. Retrain it with 'tacs classify train' (its command was: {metadata.Command}).");
            }

            var unknown = metadata.FeatureNames.Where(n => FeatureCatalog.All.All(f => f.Name != n)).ToArray();
            if (unknown.Length > 0 || metadata.FeatureNames.Count == 0 || metadata.Classes.Count < 2)
            {
                throw new ModelException($"Model {source} names features this build does not know ({string.Join(", ", unknown)}) or has no classes; retrain it.");
            }

            var netEntry = archive.GetEntry(NetEntry) ?? throw new ModelException($"{source}: the ML.NET model ({NetEntry}) is missing; the file is damaged, retrain the model.");
            using var net = new MemoryStream();
            using (var entry = netEntry.Open())
            {
                entry.CopyTo(net);
            }

            net.Position = 0;
            var context = new MLContext(seed: metadata.Seed);
            var transformer = context.Model.Load(net, out _);
            return new TacsModel(context, transformer, metadata);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or InvalidOperationException or FormatException or IOException or NotSupportedException)
        {
            throw new ModelException($"Model {source} could not be read ({ex.Message}); it is damaged or not a Tacs model.", ex);
        }
    }

    private static float[] Vectorise(FeatureVector features, IReadOnlyList<string> names, string id)
    {
        var missing = names.Where(n => !features.Contains(n)).ToArray();
        if (missing.Length > 0)
        {
            var hint = !features.BoundaryUsed && missing.Any(n => n.StartsWith("boundary_", StringComparison.Ordinal))
                ? " This model needs a tumour boundary: give one (polygon CSV or mask), or use a boundary-free model."
                : string.Empty;
            throw new ModelException($"{(id.Length > 0 ? id + ": " : string.Empty)}the model needs features that were not measured: {string.Join(", ", missing)}.{hint}");
        }

        var values = features.ValuesOf(names);
        if (values.Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException($"{(id.Length > 0 ? id + ": " : string.Empty)}a feature value is not finite.");
        }

        return values;
    }

    /// <summary>The reasons to doubt a prediction: split probabilities, features outside the training range.</summary>
    /// <param name="prediction">The model's answer.</param>
    /// <param name="features">The features it was made from.</param>
    public IReadOnlyList<string> DoubtsAbout(TacsPrediction prediction, FeatureVector features)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(features);
        var doubts = new List<string>();
        var ranked = prediction.Probabilities.OrderByDescending(p => p.Value).ToArray();
        if (ranked.Length >= 2 && ranked[0].Value - ranked[1].Value < Metadata.DoubtMargin)
        {
            doubts.Add(FormattableString.Invariant($"split: {ranked[0].Key} {ranked[0].Value:F2} vs {ranked[1].Key} {ranked[1].Value:F2} (gap < {Metadata.DoubtMargin:0.##})"));
        }

        if (Metadata.FeatureSupport is { } support)
        {
            var outside = FeatureNames
                .Where(n => features.Contains(n) && support.TryGetValue(n, out var range) && !range.Contains(features[n]))
                .Select(n => FormattableString.Invariant($"{n} {features[n]:G3} outside training range {support[n].Min:G3}–{support[n].Max:G3}"))
                .ToArray();
            if (outside.Length > 0)
            {
                doubts.Add($"unlike the training images: {string.Join("; ", outside)}");
            }
        }

        return doubts;
    }

    private TacsPrediction WithDoubts(TacsPrediction prediction, FeatureVector features) =>
        prediction with { Doubts = DoubtsAbout(prediction, features) };

    private TacsPrediction ToPrediction(float[] scores)
    {
        var sum = scores.Sum(s => Math.Max(0, (double)s));
        var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < Classes.Count; i++)
        {
            probabilities[Classes[i]] = sum > 0 ? Math.Max(0, scores[i]) / sum : 1.0 / Classes.Count;
        }

        var best = probabilities.MaxBy(p => p.Value).Key;
        return new TacsPrediction(best, probabilities);
    }
}
