namespace Tacs.Host.Chains;

/// <summary>One step of a chain as the user wrote it, before plugins are resolved.</summary>
/// <param name="Position">1-based position in the chain.</param>
/// <param name="Plugin">Plugin id or short name.</param>
/// <param name="Parameters">Parameter values as text.</param>
public sealed record StepSpec(int Position, string Plugin, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The step written back in chain syntax.</summary>
    public override string ToString() =>
        Parameters.Count == 0 ? Plugin : $"{Plugin}({string.Join(", ", Parameters.Select(p => $"{p.Key}={Quote(p.Value)}"))})";

    private static string Quote(string value) =>
        value.IndexOfAny([',', '(', ')', '|', ' ', '"']) >= 0 ? "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : value;
}
