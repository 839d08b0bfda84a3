using System.Text;
using Tacs.BioImageIO.Processing;
using Tacs.BioImageIO.Tensors;

namespace Tacs.BioImageIO.Packages;

/// <summary>An opened BioImage.IO model package: its description and checked access to its files.</summary>
public sealed class ModelPackage
{
    private ModelPackage(PackageFiles files, ModelDescription description)
    {
        Files = files;
        Description = description;
    }

    /// <summary>The package's files.</summary>
    public PackageFiles Files { get; }

    /// <summary>What the description says.</summary>
    public ModelDescription Description { get; }

    /// <summary>Folder or .zip of the package.</summary>
    public string Location => Files.Location;

    /// <summary>Opens and reads a package folder or .zip. Files other than the description are read (and checked) when used.</summary>
    /// <exception cref="PackageException">Missing, unreadable or not a model description.</exception>
    public static ModelPackage Open(string location)
    {
        var files = PackageFiles.Open(location);
        var descriptionName = PackageFiles.DescriptionNames.FirstOrDefault(files.Exists)
            ?? throw new PackageException($"{location} has no bioimageio.yaml (or rdf.yaml): it is not a BioImage.IO model package.");
        var text = Encoding.UTF8.GetString(files.Read(descriptionName));
        var fallback = Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(location));
        return new ModelPackage(files, DescriptionReader.Read(text, fallback, $"{location}/{descriptionName}"));
    }

    /// <summary>The bytes of a weights file of the package, checked against its sha256.</summary>
    /// <exception cref="PackageException">The file is missing or damaged.</exception>
    public byte[] ReadWeights(WeightsEntry weights) => Files.Read(weights.File.Source, weights.File.Sha256);

    /// <summary>Reads a test tensor (checked against its sha256) and names its axes after the tensor description.</summary>
    /// <exception cref="PackageException">No test tensor declared, file missing or damaged, or its dimensions differ from the axes.</exception>
    public NdTensor ReadTestTensor(TensorDescription tensor)
    {
        var reference = tensor.TestTensor ?? throw new PackageException($"{Location}: tensor '{tensor.Id}' declares no test tensor.");
        var (shape, data) = NpyFile.Read(Files.Read(reference.Source, reference.Sha256), reference.Source);
        if (shape.Length != tensor.Axes.Count)
        {
            throw new PackageException($"{Location}: {reference.Source} has {shape.Length} dimensions, but tensor '{tensor.Id}' has {tensor.Axes.Count} axes ({string.Join(", ", tensor.AxisIds)}).");
        }

        return new NdTensor(shape, tensor.AxisIds, data);
    }

    /// <summary>Problems that stop tacs from running the model, empty when it can: no ONNX or TorchScript weights, unknown processing steps.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Description.Weights.Any(w => w.Format is "onnx" or "torchscript"))
        {
            problems.Add($"no ONNX or TorchScript weights (has {string.Join(", ", Description.Weights.Select(w => w.Format))})");
        }

        foreach (var step in Description.Inputs.Concat(Description.Outputs).SelectMany(t => t.Processing).Where(s => !Processor.IsSupported(s)))
        {
            problems.Add($"processing step '{step.Id}' is not supported");
        }

        return problems;
    }
}
