using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tacs.Torch.Platform;

/// <summary>JSON for kernel verdicts: a failed check's difference is infinite, which plain JSON numbers cannot hold.</summary>
internal static class KernelJson
{
    public static JsonSerializerOptions Options { get; } = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
}
