namespace Tacs.Torch.Tests.Support;

/// <summary>Paths of the repository and its build outputs.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The tacs build of the tests' own configuration: artifacts/tacs (Release) or artifacts/tacs-debug.</summary>
    public static string AppFolder { get; } = Path.GetFullPath(System.Reflection.CustomAttributeExtensions.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>(typeof(Repo).Assembly).First(a => a.Key == "TacsAppDir").Value!);

    public static string Plugin(string name) => Path.Combine(AppFolder, "plugins", name);

    public static string TestPlugin(string project) => Path.Combine(Root, "artifacts", "testplugins", project);

    /// <summary>A file under ../shared/data; fails (never skips) when the shared data is missing.</summary>
    public static string SharedData(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", relative));
        Xunit.Assert.True(File.Exists(path), $"Shared test data {path} is missing: these tests need ../shared/data next to the repository (see its README).");
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tacs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tests must run from inside the repository.");
    }
}
