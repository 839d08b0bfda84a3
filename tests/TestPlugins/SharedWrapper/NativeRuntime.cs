namespace Tacs.TestPlugins.SharedWrapper;

/// <summary>Each load of this assembly gets a new identity, so tests can count copies.</summary>
public static class NativeRuntime
{
    public static string Identity { get; } = Guid.NewGuid().ToString("N");
}
