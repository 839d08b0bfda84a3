namespace Tacs.TestPlugins.LazyLib;

/// <summary>Something for a plugin to need at run time only.</summary>
public static class Scaler
{
    public static float Twice(float value) => value * 2;
}
