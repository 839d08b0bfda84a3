namespace Models.BioImageIO.Tests.Support;

/// <summary>The real BioImage.IO package in ../shared/data/bmz, and writable copies of it for error-path tests.</summary>
internal static class SharedModel
{
    public const string Id = "unet2d_nuclei_broad";

    /// <summary>The folder holding the package folder (what --models takes).</summary>
    public static string ModelsFolder => Path.GetDirectoryName(Package)!;

    /// <summary>The package folder.</summary>
    public static string Package => Repo.SharedData("bmz/" + Id);

    /// <summary>Copies the package into <paramref name="models"/>/<paramref name="name"/>, writable, and returns the copy's folder.</summary>
    public static string CopyTo(string models, string name = Id)
    {
        var target = Path.Combine(models, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Package))
        {
            var copy = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, copy, overwrite: true);
            File.SetAttributes(copy, FileAttributes.Normal);
        }

        return target;
    }

    /// <summary>Replaces <paramref name="old"/> by <paramref name="replacement"/> in a copied package's description.</summary>
    public static void EditDescription(string package, string old, string replacement)
    {
        var path = Path.Combine(package, "bioimageio.yaml");
        var text = File.ReadAllText(path);
        Assert.Contains(old, text);
        File.WriteAllText(path, text.Replace(old, replacement, StringComparison.Ordinal));
    }
}
