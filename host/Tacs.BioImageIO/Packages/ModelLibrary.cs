namespace Tacs.BioImageIO.Packages;

/// <summary>
/// The model packages in a folder: every sub-folder holding a bioimageio.yaml (or rdf.yaml) and every .zip.
/// The host chooses the folder: <c>--models DIR</c>, else <c>$TACS_MODELS</c>, else <c>models/</c> next to tacs.
/// </summary>
public static class ModelLibrary
{
    /// <summary>One package found in the folder: opened, or the reason it could not be.</summary>
    /// <param name="Location">Folder or .zip.</param>
    /// <param name="Package">The package, or null when it failed.</param>
    /// <param name="Error">Why it failed.</param>
    public sealed record Entry(string Location, ModelPackage? Package, string? Error)
    {
        /// <summary>The model id, or the folder/file name when the package could not be read.</summary>
        public string Id => Package?.Description.Id ?? DescriptionReader.IdOf(null, Path.GetFileNameWithoutExtension(Location));
    }

    /// <summary>Opens every package in <paramref name="folder"/>, sorted by id; a missing folder gives none.</summary>
    public static IReadOnlyList<Entry> Scan(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var candidates = Directory.GetDirectories(folder).Concat(Directory.GetFiles(folder, "*.zip"));
        var entries = new List<Entry>();
        foreach (var location in candidates.Order(StringComparer.Ordinal))
        {
            try
            {
                entries.Add(new Entry(location, ModelPackage.Open(location), null));
            }
            catch (PackageException ex)
            {
                entries.Add(new Entry(location, null, ex.Message));
            }
        }

        // Two packages with one id: the second is reported, never silently shadowed.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Package is not null && !seen.Add(entries[i].Id))
            {
                entries[i] = entries[i] with { Package = null, Error = $"another package in {folder} has the id '{entries[i].Id}'; remove one." };
            }
        }

        return [.. entries.OrderBy(e => e.Id, StringComparer.Ordinal)];
    }

    /// <summary>Finds a package by id, or opens <paramref name="idOrPath"/> when it is a package folder or .zip.</summary>
    /// <exception cref="KeyNotFoundException">No such model; the message lists those there are.</exception>
    /// <exception cref="PackageException">The package exists but is broken.</exception>
    public static ModelPackage Find(string folder, string idOrPath)
    {
        if (Directory.Exists(idOrPath) || File.Exists(idOrPath))
        {
            return ModelPackage.Open(idOrPath);
        }

        var entries = Scan(folder);
        var entry = entries.FirstOrDefault(e => e.Id.Equals(idOrPath, StringComparison.OrdinalIgnoreCase));
        if (entry is null)
        {
            var known = entries.Count == 0 ? $"no model packages are in {folder}" : "models: " + string.Join(", ", entries.Select(e => e.Id));
            throw new KeyNotFoundException($"No model '{idOrPath}' ({known}). Put package folders or .zip files in the models folder (--models DIR or TACS_MODELS), or give a package path.");
        }

        return entry.Package ?? throw new PackageException($"Model '{entry.Id}' in {entry.Location} cannot be used: {entry.Error}");
    }
}
