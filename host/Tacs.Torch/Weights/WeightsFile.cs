using System.Text;
using System.Text.Json;
using Tacs.Torch.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Tacs.Torch.Weights;

/// <summary>
/// A DRUNet weights file: an 8-byte magic, the length of a UTF-8 JSON metadata block, the block, then the
/// TorchSharp state dictionary. One file carries both the numbers and how they were made.
/// </summary>
public static class WeightsFile
{
    /// <summary>Value of <see cref="WeightsMetadata.Format"/>.</summary>
    public const string FormatTag = "tacs-drunet/1";

    /// <summary><see cref="WeightsMetadata.Precision"/> of full-precision files (the default).</summary>
    public const string Float32 = "float32";

    /// <summary><see cref="WeightsMetadata.Precision"/> of files stored at half precision.</summary>
    public const string Float16 = "float16";

    /// <summary>Conventional file extension.</summary>
    public const string Extension = ".drunet";

    private const int MaxHeader = 1 << 20;
    private static readonly byte[] Magic = "TACSDRU1"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes the network and its metadata (size fields are filled from the network).</summary>
    /// <param name="path">File to write.</param>
    /// <param name="network">The network; unchanged afterwards (float32, exact values) even when stored as float16.</param>
    /// <param name="metadata">Metadata to store.</param>
    /// <param name="half">Store the numbers as float16: half the size, for weights shipped in the repository.</param>
    public static void Save(string path, DrunetNetwork network, WeightsMetadata metadata, bool half = false)
    {
        RefuseNonFinite(path, network);
        metadata.Precision = half ? Float16 : Float32;
        metadata.Channels = [.. network.Options.Channels];
        metadata.BlocksPerScale = network.Options.BlocksPerScale;
        metadata.ParameterCount = network.ParameterCount;
        metadata.Format = FormatTag;
        var json = JsonSerializer.SerializeToUtf8Bytes(metadata, Json);
        while (json.Length > MaxHeader && metadata.Lineage.Count > 0)
        {
            // A history of huge command lines would make a header no reader accepts: keep the newest stages that fit.
            metadata.Lineage.RemoveAt(0);
            metadata.OmittedStages++;
            json = JsonSerializer.SerializeToUtf8Bytes(metadata, Json);
        }

        if (json.Length > MaxHeader)
        {
            throw new InvalidDataException($"Not writing {path}: its metadata is {json.Length:N0} bytes, more than the {MaxHeader:N0} a weights file may hold (is the command line that long?).");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        // Written beside and moved into place, so a crash mid-write never leaves a half file under the real name.
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            stream.Write(Magic);
            stream.Write(BitConverter.GetBytes(json.Length));
            stream.Write(json);
            if (half)
            {
                // Converting in place and back would leave the caller's network rounded to float16: keep exact copies.
                using var scope = NewDisposeScope();
                var exact = network.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.clone());
                network.to(ScalarType.Float16);
                try
                {
                    network.save(stream);
                }
                finally
                {
                    network.to(ScalarType.Float32);
                    using var noGrad = no_grad();
                    foreach (var (name, value) in network.state_dict())
                    {
                        value.copy_(exact[name]);
                    }
                }
            }
            else
            {
                network.save(stream);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads only the metadata.</summary>
    /// <exception cref="InvalidDataException">Not a DRUNet weights file, or a damaged one.</exception>
    public static WeightsMetadata ReadMetadata(string path)
    {
        using var stream = OpenChecked(path);
        return ReadHeader(stream, path);
    }

    /// <summary>Reads only the metadata from a stream positioned at the start of a weights file.</summary>
    /// <param name="stream">The file's bytes (an embedded resource, for example).</param>
    /// <param name="path">Name used in error messages.</param>
    /// <exception cref="InvalidDataException">Not a DRUNet weights file, or a damaged header.</exception>
    public static WeightsMetadata ReadMetadata(Stream stream, string path) => ReadHeader(stream, path);

    /// <summary>Reads a network with its metadata.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a DRUNet weights file, or a damaged one.</exception>
    public static (DrunetNetwork Network, WeightsMetadata Metadata) Load(string path)
    {
        using var stream = OpenChecked(path);
        return Load(stream, path);
    }

    /// <summary>Reads a network with its metadata from a stream (an embedded resource, for example).</summary>
    /// <param name="stream">Positioned at the start of a weights file.</param>
    /// <param name="path">Name used in error messages.</param>
    /// <exception cref="InvalidDataException">Not a DRUNet weights file, or a damaged one.</exception>
    public static (DrunetNetwork Network, WeightsMetadata Metadata) Load(Stream stream, string path)
    {
        var metadata = ReadHeader(stream, path);
        DrunetNetwork network;
        try
        {
            network = new DrunetNetwork(new DrunetOptions(metadata.Channels, metadata.BlocksPerScale));
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{path}: the metadata describes an impossible network ({ex.Message}).", ex);
        }

        try
        {
            if (metadata.Precision == Float16)
            {
                network.to(ScalarType.Float16);
                network.load(stream);
                network.to(ScalarType.Float32);
            }
            else
            {
                network.load(stream);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            network.Dispose();
            throw new InvalidDataException($"{path}: the weights do not match the network described in its metadata or are cut short ({ex.Message}).", ex);
        }

        network.eval();
        return (network, metadata);
    }

    private static FileStream OpenChecked(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"DRUNet weights file {path} not found; give an existing .drunet file (see docs/drunet.md to train one).", path);
        }

        return File.OpenRead(path);
    }

    private static WeightsMetadata ReadHeader(Stream stream, string path)
    {
        var magic = new byte[Magic.Length];
        var lengthBytes = new byte[4];
        if (stream.Read(magic) != magic.Length || !magic.AsSpan().SequenceEqual(Magic) || stream.Read(lengthBytes) != 4)
        {
            throw new InvalidDataException($"{path} is not a Tacs DRUNet weights file (it does not start with TACSDRU1).");
        }

        var length = BitConverter.ToInt32(lengthBytes);
        if (length <= 0 || length > MaxHeader || length > stream.Length - stream.Position)
        {
            throw new InvalidDataException($"{path}: damaged header (metadata length {length}).");
        }

        var json = new byte[length];
        stream.ReadExactly(json);
        try
        {
            var metadata = JsonSerializer.Deserialize<WeightsMetadata>(json, Json) ?? throw new InvalidDataException($"{path}: empty metadata.");
            if (metadata.Precision is not (Float32 or Float16))
            {
                throw new InvalidDataException($"{path}: precision '{metadata.Precision}' is neither {Float32} nor {Float16}; this version of Tacs cannot read it.");
            }

            return metadata.Format == FormatTag
                ? Complete(metadata)
                : throw new InvalidDataException($"{path}: format '{metadata.Format}' is not {FormatTag}; this version of Tacs cannot read it.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: the metadata is not valid JSON ({ex.Message}); was the file cut or edited? {Encoding.UTF8.GetString(json, 0, Math.Min(40, json.Length))}", ex);
        }
    }

    // JSON null where a list or text belongs (an edited or foreign file) reads as empty, so no reader meets a null.
    private static WeightsMetadata Complete(WeightsMetadata metadata)
    {
        metadata.Channels ??= [];
        metadata.Method ??= "";
        metadata.NoiseModel ??= "";
        metadata.Command ??= "";
        metadata.Data ??= "";
        metadata.CreatedUtc ??= "";
        metadata.Machine ??= "";
        metadata.EarlierCommands = [.. (metadata.EarlierCommands ?? []).OfType<string>()];
        metadata.Lineage = [.. (metadata.Lineage ?? []).OfType<TrainingStage>()];
        foreach (var stage in metadata.Lineage)
        {
            stage.Weights ??= "";
            stage.Method ??= "";
            stage.Data ??= "";
            stage.CreatedUtc ??= "";
            stage.Machine ??= "";
            stage.Commands = [.. (stage.Commands ?? []).OfType<string>()];
        }

        return metadata;
    }

    // A weights file with a NaN denoises every frame to NaN: such a network is never written, whoever asks.
    private static void RefuseNonFinite(string path, DrunetNetwork network)
    {
        using var scope = NewDisposeScope();
        foreach (var (name, parameter) in network.named_parameters())
        {
            if (!parameter.isfinite().all().item<bool>())
            {
                throw new InvalidDataException($"Not writing {path}: the weight {name} holds NaN or infinite values (training diverged). Earlier files are left as they were.");
            }
        }
    }
}
