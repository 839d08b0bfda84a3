using System.IO.Compression;
using Models.BioImageIO.Tests.Support;
using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Runtime;

namespace Models.BioImageIO.Tests.Packages;

/// <summary>Format 0.4 descriptions and zipped packages run like the 0.5 folder.</summary>
public sealed class PackageFormatTests
{
    // The shared package described in format 0.4: letter axes, a shape list, a reference shape and halo lists, test_inputs.
    private const string Format04 = """
        format_version: 0.4.10
        type: model
        name: UNet 2D Nuclei Broad in format 0.4
        id: unet-04
        description: the shared example, described in the older format
        authors:
          - name: Constantin Pape
        license: MIT
        tags: [segmentation]
        inputs:
          - name: raw
            axes: bcyx
            data_type: float32
            shape: [1, 1, 512, 512]
            preprocessing:
              - name: zero_mean_unit_variance
                kwargs: {mode: per_sample, axes: xy}
        outputs:
          - name: probability
            axes: bcyx
            data_type: float32
            shape: {reference_tensor: raw, scale: [1, 1, 1, 1], offset: [0, 0, 0, 0]}
            halo: [0, 0, 32, 32]
            postprocessing:
              - name: sigmoid
        test_inputs: [test_input.npy]
        test_outputs: [test_output.npy]
        weights:
          onnx:
            source: weights.onnx
            sha256: 85f5ac80fa977fea3562ef97c8c5950288be2c4f4cdb5d994807df97008ce088
            opset_version: 20
        """;

    [Fact]
    public void Format04_InAZipWithAFolderPrefix_ReproducesTheTestOutput()
    {
        using var temp = new TempFolder();
        var zip = temp.File("unet-04.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var name in new[] { "weights.onnx", "test_input.npy", "test_output.npy" })
            {
                archive.CreateEntryFromFile(Path.Combine(SharedModel.Package, name), "unet/" + name);
            }

            using var writer = new StreamWriter(archive.CreateEntry("unet/rdf.yaml").Open());
            writer.Write(Format04);
        }

        var package = ModelPackage.Open(zip);
        using var runner = new ModelRunner(package);
        var result = Assert.Single(ModelTest.Run(runner));

        Assert.Equal("unet-04", package.Description.Id);
        Assert.Equal(["b", "c", "y", "x"], package.Description.Inputs[0].AxisIds);
        Assert.Equal(32, package.Description.Outputs[0].Axis(AxisKind.Space, "x")!.Halo);
        Assert.Equal(new SizeReference("raw", "y", 1, 0), package.Description.Outputs[0].Axis(AxisKind.Space, "y")!.Reference);
        Assert.InRange(result.MaxAbsDifference, 0, 1e-4);
    }

    [Fact]
    public void Format05_Folder_ReadsAxesSizesAndProcessing()
    {
        var description = ModelPackage.Open(SharedModel.Package).Description;

        Assert.Equal(["batch", "channel", "y", "x"], description.Inputs[0].AxisIds);
        Assert.Equal(512, description.Inputs[0].Axis(AxisKind.Space, "x")!.Size);
        Assert.Equal(["ensure_dtype", "zero_mean_unit_variance", "ensure_dtype"], description.Inputs[0].Processing.Select(s => s.Id));
        Assert.Equal(["sigmoid", "ensure_dtype"], description.Outputs[0].Processing.Select(s => s.Id));
        Assert.False(description.IsDenoising);
    }

    [Fact]
    public void Open_DamagedZip_SaysSo()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("model.zip"), [1, 2, 3, 4, 5]);

        var error = Assert.Throws<PackageException>(() => ModelPackage.Open(temp.File("model.zip")));

        Assert.Contains("not a readable zip archive", error.Message);
    }

    [Fact]
    public void Open_NotAModel_IsRefused()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("bioimageio.yaml"), "format_version: 0.5.4\ntype: dataset\nname: cells\n");

        var error = Assert.Throws<PackageException>(() => ModelPackage.Open(temp.Path));

        Assert.Contains("describes a 'dataset', not a model", error.Message);
    }
}
