using System.IO.Compression;
using System.Security.Cryptography;

namespace Tacs.BioImageIO.Packages;

/// <summary>The files of a package, in a folder or a .zip, read whole and checked against their declared sha256.</summary>
public sealed class PackageFiles
{
    private readonly string _location;
    private readonly bool _zip;
    private readonly string _prefix;

    private PackageFiles(string location, bool zip, string prefix)
    {
        _location = location;
        _zip = zip;
        _prefix = prefix;
    }

    /// <summary>Where the package is (folder or .zip).</summary>
    public string Location => _location;

    /// <summary>Opens a folder or a .zip holding <c>bioimageio.yaml</c> (or the 0.4 name <c>rdf.yaml</c>).</summary>
    /// <exception cref="PackageException">Neither exists, or the zip is damaged.</exception>
    public static PackageFiles Open(string location)
    {
        if (Directory.Exists(location))
        {
            return new PackageFiles(location, false, string.Empty);
        }

        if (!File.Exists(location))
        {
            throw new PackageException($"Model package {location} not found: give a package folder or .zip.");
        }

        try
        {
            using var archive = ZipFile.OpenRead(location);
            // Zips made by zipping a folder keep the folder as a prefix: accept a description one level down.
            var description = archive.Entries.FirstOrDefault(e => DescriptionNames.Contains(e.FullName))
                ?? archive.Entries.FirstOrDefault(e => DescriptionNames.Contains(e.Name) && e.FullName.Count(c => c == '/') == 1);
            var prefix = description is null ? string.Empty : description.FullName[..^description.Name.Length];
            return new PackageFiles(location, true, prefix);
        }
        catch (InvalidDataException ex)
        {
            throw new PackageException($"{location} is not a readable zip archive ({ex.Message}); re-download the package.", ex);
        }
    }

    /// <summary>File names a package description may have.</summary>
    public static IReadOnlyList<string> DescriptionNames { get; } = ["bioimageio.yaml", "rdf.yaml"];

    /// <summary>True when the package holds <paramref name="name"/>.</summary>
    public bool Exists(string name)
    {
        if (!_zip)
        {
            return File.Exists(Path.Combine(_location, name));
        }

        using var archive = ZipFile.OpenRead(_location);
        return archive.GetEntry(_prefix + name) is not null;
    }

    /// <summary>Reads a file of the package; checks it against <paramref name="sha256"/> when one is given.</summary>
    /// <exception cref="PackageException">Missing, a URL, or the checksum differs.</exception>
    public byte[] Read(string name, string? sha256 = null)
    {
        if (name.Contains("://", StringComparison.Ordinal))
        {
            throw new PackageException($"{_location}: {name} is a web address; tacs does not download. Download the file into the package and give its file name as source.");
        }

        byte[] bytes;
        if (_zip)
        {
            using var archive = ZipFile.OpenRead(_location);
            var entry = archive.GetEntry(_prefix + name) ?? throw new PackageException($"{_location}: the package lists {name}, but the zip has no such file; re-download or repack it.");
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        else
        {
            var path = Path.Combine(_location, name);
            if (!File.Exists(path))
            {
                throw new PackageException($"{_location}: the package lists {name}, but {path} does not exist; copy the whole package folder.");
            }

            bytes = File.ReadAllBytes(path);
        }

        if (!string.IsNullOrEmpty(sha256))
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (!actual.Equals(sha256.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                throw new PackageException($"{_location}: {name} has sha256 {actual}, but the description declares {sha256.Trim()}; the file is damaged or was replaced. Re-download the package.");
            }
        }

        return bytes;
    }
}
