using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Tacs.Host.Chains;

namespace Tacs.Validation.Study;

/// <summary>
/// Denoised images on disk, keyed by the noisy image's content, the chain (plugins and parameters as written) and
/// each plugin's id, version and build (its assembly's module version id, which changes whenever its code is
/// rebuilt differently). A rerun, a larger study whose first images were seen before, or a study with one more method
/// denoises only what is new. Entries are written whole or not at all, so shards may share one cache. Old builds'
/// entries are never asked for again, so <see cref="Trim"/> keeps the folder under <see cref="Limit"/> by removing the
/// entries used longest ago (a hit marks its entry used).
/// </summary>
public sealed class DenoiseCache
{
    private const uint Magic = 0x31435444; // "DTC1"
    private long _hits;
    private long _misses;

    /// <summary>The size a cache is trimmed to unless told otherwise: a full study of 256² images with the three default
    /// methods stores about 4 GiB, so two such studies stay.</summary>
    public const long DefaultLimit = 8L << 30;

    /// <summary>Creates a cache in <paramref name="folder"/> (made when first written), trimmed to <paramref name="limit"/> bytes.</summary>
    public DenoiseCache(string folder, long limit = DefaultLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Folder = Path.GetFullPath(folder);
        Limit = limit;
    }

    /// <summary>The cache folder.</summary>
    public string Folder { get; }

    /// <summary>Bytes of entries <see cref="Trim"/> keeps.</summary>
    public long Limit { get; }

    /// <summary>Images found in the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Images denoised and stored.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The default folder: $XDG_CACHE_HOME/tacs/denoised, else ~/.cache/tacs/denoised.</summary>
    public static string DefaultFolder()
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "tacs", "denoised");
    }

    /// <summary>The chain's part of the key: its text and each step's plugin id, version and build.</summary>
    public static string ChainKey(Chain chain) =>
        chain + "\n" + string.Join("\n", chain.Steps.Select(s => $"{s.Slot.Current.Manifest.Id} {s.Slot.Current.Manifest.Version} {s.Slot.Current.Plugin.GetType().Assembly.ManifestModule.ModuleVersionId}"));

    /// <summary>The stored result for this image and chain, or runs <paramref name="denoise"/> and stores it.</summary>
    public (float[] Pixels, double Milliseconds) GetOrAdd(string chainKey, float[] noisy, int width, int height, Func<(float[] Pixels, double Milliseconds)> denoise)
    {
        var path = PathOf(Key(chainKey, noisy, width, height));
        if (TryRead(path, width * height) is { } stored)
        {
            Interlocked.Increment(ref _hits);
            MarkUsed(path);
            return stored;
        }

        var result = denoise();
        Interlocked.Increment(ref _misses);
        Write(path, result.Pixels, result.Milliseconds);
        return result;
    }

    /// <summary>
    /// Removes the entries used longest ago until the rest fit in <see cref="Limit"/>, and writes left by a process that
    /// stopped halfway. Entries another process removes meanwhile are skipped; one it is reading is denoised again.
    /// </summary>
    public CacheTrim Trim()
    {
        var folder = new DirectoryInfo(Folder);
        if (!folder.Exists)
        {
            return new CacheTrim(0, 0, 0);
        }

        var entries = new List<FileInfo>();
        var (removed, removedBytes) = (0, 0L);
        var abandoned = DateTime.UtcNow - TimeSpan.FromHours(1);
        foreach (var file in folder.EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (file.Name.EndsWith(".f32", StringComparison.Ordinal))
            {
                entries.Add(file);
            }
            else if (file.Name.EndsWith(".partial", StringComparison.Ordinal) && file.LastWriteTimeUtc < abandoned)
            {
                var length = file.Length;
                if (TryDelete(file))
                {
                    (removed, removedBytes) = (removed + 1, removedBytes + length);
                }
            }
        }

        var kept = 0L;
        foreach (var entry in entries.OrderByDescending(e => e.LastWriteTimeUtc))
        {
            var length = entry.Length;
            if (kept + length <= Limit)
            {
                kept += length;
            }
            else if (TryDelete(entry))
            {
                (removed, removedBytes) = (removed + 1, removedBytes + length);
            }
        }

        return new CacheTrim(kept, removed, removedBytes);
    }

    private static bool TryDelete(FileInfo file)
    {
        try
        {
            file.Delete();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // A hit counts as a use: Trim removes the entries used longest ago first.
    private static void MarkUsed(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A cache on a read-only share, or an entry another process just removed: the entry still served.
        }
    }

    private static string Key(string chainKey, float[] noisy, int width, int height)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(chainKey));
        Span<byte> size = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(size, width);
        BinaryPrimitives.WriteInt32LittleEndian(size[4..], height);
        hash.AppendData(size);
        hash.AppendData(MemoryMarshal.AsBytes(noisy.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private string PathOf(string key) => Path.Combine(Folder, key[..2], key + ".f32");

    // Header: magic, pixel count, milliseconds the denoising took; then the pixels as little-endian floats.
    private static (float[] Pixels, double Milliseconds)? TryRead(string path, int count)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length != 16 + (4 * count) || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) != count)
            {
                return null;
            }

            var pixels = new float[count];
            MemoryMarshal.Cast<byte, float>(bytes.AsSpan(16)).CopyTo(pixels);
            return (pixels, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(8)));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static void Write(string path, float[] pixels, double milliseconds)
    {
        var bytes = new byte[16 + (4 * pixels.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), pixels.Length);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8), milliseconds);
        MemoryMarshal.AsBytes(pixels.AsSpan()).CopyTo(bytes.AsSpan(16));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.partial";
        File.WriteAllBytes(partial, bytes);
        File.Move(partial, path, overwrite: true);
    }
}
