using System.Globalization;
using Tacs.BioImageIO.Processing;

namespace Tacs.BioImageIO.Packages;

/// <summary>
/// Reads a BioImage.IO model description of format 0.4 or 0.5 into a <see cref="ModelDescription"/>. Format 0.4
/// writes axes as a letter string ("bcyx") with a shape list or min/step lists and halo lists; format 0.5 writes
/// one mapping per axis with its type, id, size and halo. Field names follow the published specification.
/// </summary>
public static class DescriptionReader
{
    /// <summary>Parses <paramref name="yaml"/>.</summary>
    /// <param name="yaml">The description text.</param>
    /// <param name="fallbackId">Id when the description has none (the package's folder or file name).</param>
    /// <param name="name">Name used in error messages.</param>
    /// <exception cref="PackageException">Not a model description, an unsupported format version, or a missing field.</exception>
    public static ModelDescription Read(string yaml, string fallbackId, string name)
    {
        var root = YamlTree.Parse(yaml, name);
        var type = root.Text("type");
        if (type is not null && type != "model")
        {
            throw new PackageException($"{name} describes a '{type}', not a model; tacs runs model packages only.");
        }

        var format = root.Text("format_version") ?? throw new PackageException($"{name} has no format_version; it is not a BioImage.IO description.");
        var modern = format.StartsWith("0.5", StringComparison.Ordinal);
        if (!modern && !format.StartsWith("0.4", StringComparison.Ordinal))
        {
            throw new PackageException($"{name} has format_version {format}; tacs reads 0.4 and 0.5. Convert it with bioimageio.spec (bioimageio update-format).");
        }

        var inputs = root.Maps("inputs").Select((m, i) => modern ? Tensor05(m, i, "input", true) : Tensor04(m, i, "input", true, root, "test_inputs")).ToList();
        var outputs = root.Maps("outputs").Select((m, i) => modern ? Tensor05(m, i, "output", false) : Tensor04(m, i, "output", false, root, "test_outputs")).ToList();
        if (inputs.Count == 0 || outputs.Count == 0)
        {
            throw new PackageException($"{name} declares no {(inputs.Count == 0 ? "inputs" : "outputs")}; a model needs both.");
        }

        var weights = (root.Map("weights") ?? throw new PackageException($"{name} has no weights section."))
            .Where(p => p.Value is Dictionary<string, object?>)
            .Select(p => (p.Key, Entry: (Dictionary<string, object?>)p.Value!))
            .Select(w => new WeightsEntry(w.Key, new FileReference(w.Entry.Text("source") ?? "", w.Entry.Text("sha256")), w.Entry.Integer("opset_version")))
            .ToList();
        return new ModelDescription
        {
            Id = IdOf(root.Text("id"), fallbackId),
            Name = root.Text("name") ?? fallbackId,
            Description = (root.Text("description") ?? string.Empty).Trim(),
            FormatVersion = format,
            Tags = [.. root.List("tags").OfType<string>()],
            Authors = [.. root.List("authors").Select(a => a is Dictionary<string, object?> m ? m.Text("name") : a as string).OfType<string>()],
            License = root.Text("license") ?? string.Empty,
            Citations = [.. root.Maps("cite").Select(c => Citation(c))],
            Inputs = inputs,
            Outputs = outputs,
            Weights = weights,
        };
    }

    /// <summary>A plugin-id-safe form of a model id: lower case, letters, digits, '-' and '_' (slashes and dots become '-').</summary>
    public static string IdOf(string? id, string fallback)
    {
        var text = (string.IsNullOrWhiteSpace(id) ? fallback : id).Trim().ToLowerInvariant();
        var safe = new string([.. text.Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' ? c : '-')]).Trim('-');
        return safe.Length == 0 ? "model" : safe;
    }

    private static string Citation(Dictionary<string, object?> cite)
    {
        var text = (cite.Text("text") ?? string.Empty).Trim();
        return cite.Text("doi") is { } doi ? $"{text} doi:{doi}" : cite.Text("url") is { } url ? $"{text} {url}" : text;
    }

    private static TensorDescription Tensor05(Dictionary<string, object?> map, int index, string role, bool input)
    {
        var id = map.Text("id") ?? (index == 0 ? role : role + index.ToString(CultureInfo.InvariantCulture));
        var axes = map.Maps("axes").Select(Axis05).ToList();
        var test = map.Map("test_tensor");
        return new TensorDescription
        {
            Id = id,
            Description = map.Text("description") ?? string.Empty,
            Axes = axes,
            TestTensor = test is null ? null : new FileReference(test.Text("source") ?? "", test.Text("sha256")),
            Processing = Steps(map, input ? "preprocessing" : "postprocessing", "id"),
        };
    }

    private static AxisDescription Axis05(Dictionary<string, object?> axis)
    {
        var kind = (axis.Text("type") ?? "space") switch
        {
            "batch" => AxisKind.Batch,
            "channel" => AxisKind.Channel,
            "time" => AxisKind.Time,
            "index" => AxisKind.Index,
            "space" => AxisKind.Space,
            var other => throw new PackageException($"Axis type '{other}' is not one of batch, channel, index, time, space."),
        };
        var id = axis.Text("id") ?? kind switch
        {
            AxisKind.Batch => "batch",
            AxisKind.Channel => "channel",
            AxisKind.Time => "time",
            AxisKind.Index => "index",
            _ => "x",
        };
        var names = axis.List("channel_names").OfType<string>().ToList();
        var description = new AxisDescription(id, kind) { ChannelNames = names, Halo = axis.Integer("halo") ?? 0 };
        var size = axis.Get("size");
        return size switch
        {
            string => description with { Size = axis.Integer("size") },
            Dictionary<string, object?> parameterised when parameterised.ContainsKey("min") =>
                description with { Min = parameterised.Integer("min") ?? 1, Step = parameterised.Integer("step") ?? 0 },
            Dictionary<string, object?> reference when reference.ContainsKey("axis_id") =>
                description with { Reference = new SizeReference(reference.Text("tensor_id") ?? "", reference.Text("axis_id")!, 1, reference.Integer("offset") ?? 0) },
            _ when kind == AxisKind.Channel && names.Count > 0 => description with { Size = names.Count },
            _ when kind == AxisKind.Batch => description,
            _ => description,
        };
    }

    private static TensorDescription Tensor04(Dictionary<string, object?> map, int index, string role, bool input, Dictionary<string, object?> root, string testKey)
    {
        var id = map.Text("name") ?? (index == 0 ? role : role + index.ToString(CultureInfo.InvariantCulture));
        var letters = map.Text("axes") ?? throw new PackageException($"{role} {id} has no axes.");
        var shape = map.Get("shape");
        var halo = YamlTree.Numbers(map.Get("halo"));
        var axes = new List<AxisDescription>();
        for (var i = 0; i < letters.Length; i++)
        {
            var letter = letters[i].ToString();
            var kind = letters[i] switch { 'b' => AxisKind.Batch, 'c' => AxisKind.Channel, 't' => AxisKind.Time, 'i' => AxisKind.Index, _ => AxisKind.Space };
            var axis = new AxisDescription(letter, kind) { Halo = i < halo.Length ? (int)halo[i] : 0 };
            if (shape is List<object?> fixedShape)
            {
                axis = axis with { Size = i < fixedShape.Count ? (int)(YamlTree.ToNumber(fixedShape[i]) ?? 1) : null };
            }
            else if (shape is Dictionary<string, object?> shapeMap && shapeMap.ContainsKey("min"))
            {
                var min = YamlTree.Numbers(shapeMap.Get("min"));
                var step = YamlTree.Numbers(shapeMap.Get("step"));
                axis = i < step.Length && step[i] == 0
                    ? axis with { Size = (int)min[i] }
                    : axis with { Min = (int)min[i], Step = i < step.Length ? (int)step[i] : 0 };
            }
            else if (shape is Dictionary<string, object?> reference && reference.ContainsKey("reference_tensor"))
            {
                var scale = YamlTree.Numbers(reference.Get("scale"));
                var offset = YamlTree.Numbers(reference.Get("offset"));
                var s = i < scale.Length ? scale[i] : 1;
                var o = i < offset.Length ? (int)offset[i] : 0;
                axis = double.IsNaN(s) ? axis with { Size = o } : axis with { Reference = new SizeReference(reference.Text("reference_tensor")!, letter, s, o) };
            }

            axes.Add(axis);
        }

        var tests = root.List(testKey);
        return new TensorDescription
        {
            Id = id,
            Description = map.Text("description") ?? string.Empty,
            Axes = axes,
            TestTensor = index < tests.Count && tests[index] is string test ? new FileReference(test, null) : null,
            Processing = Steps(map, input ? "preprocessing" : "postprocessing", "name"),
        };
    }

    private static IReadOnlyList<ProcessingStep> Steps(Dictionary<string, object?> map, string key, string nameKey) =>
        [.. map.Maps(key).Select(step => new ProcessingStep(
            step.Text(nameKey) ?? throw new PackageException($"A {key} step has no {nameKey}."),
            step.Map("kwargs") ?? new Dictionary<string, object?>(StringComparer.Ordinal)))];
}
