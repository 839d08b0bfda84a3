namespace Tacs.Host.Chains;

/// <summary>One step of a chain as the user wrote it, before plugins are resolved.</summary>
/// <param name="Position">1-based position in the chain.</param>
/// <param name="Plugin">Plugin id or short name.</param>
/// <param name="Parameters">Parameter values as text.</param>
public sealed record StepSpec(int Position, string Plugin, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The channels the step applies to, numbered from 1 as Fiji numbers them (<c>@c1</c>, <c>@c1,3</c>);
    /// null applies it to every page. Pages of other channels pass through the step unchanged. A page without a
    /// position (a flat stack, a single image) is channel 1.</summary>
    public IReadOnlyList<int>? Channels { get; init; }

    /// <summary>True when the step runs on a page of channel <paramref name="channel"/> (0-based).</summary>
    /// <param name="channel">The page's channel index, from 0.</param>
    public bool AppliesTo(int channel) => Channels is null || Channels.Contains(channel + 1);

    /// <summary>The step written back in chain syntax.</summary>
    public override string ToString() =>
        (Parameters.Count == 0 ? Plugin : $"{Plugin}({string.Join(", ", Parameters.Select(p => $"{p.Key}={Quote(p.Value)}"))})")
        + (Channels is null ? string.Empty : "@c" + string.Join(",", Channels));

    private static string Quote(string value) =>
        value.IndexOfAny([',', '(', ')', '|', ' ', '"', '@']) >= 0 ? "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : value;
}
