namespace Tacs.Sdk.Frames;

/// <summary>One processing step that touched a frame: which plugin, which version, which parameters.</summary>
/// <param name="PluginId">Stable id of the plugin, such as <c>denoise.gaussian</c>.</param>
/// <param name="PluginVersion">Version of the plugin that ran.</param>
/// <param name="Parameters">Parameter values as the plugin received them, formatted invariantly.</param>
/// <param name="Notes">What the plugin recorded while running (for example an estimated noise level).</param>
/// <param name="At">When the step finished.</param>
public sealed record ProvenanceEntry(
    string PluginId,
    string PluginVersion,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string> Notes,
    DateTimeOffset At)
{
    /// <summary>Compact text such as <c>denoise.gaussian@1.0.0(sigma=1.5)</c>.</summary>
    public override string ToString()
    {
        var all = Parameters.Concat(Notes).Select(p => $"{p.Key}={p.Value}");
        return $"{PluginId}@{PluginVersion}({string.Join(", ", all)})";
    }
}
