namespace Tacs.Sdk.Parameters;

/// <summary>The value of a parameter set to <c>auto</c>: the plugin estimates it.</summary>
public sealed class AutoValue
{
    private AutoValue()
    {
    }

    /// <summary>The single instance.</summary>
    public static AutoValue Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "auto";
}
