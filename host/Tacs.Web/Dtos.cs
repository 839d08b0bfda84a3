namespace Tacs.Web;

/// <summary>Body of <c>POST /api/chain</c>: the chain text, empty for none.</summary>
internal sealed record ChainRequest(string? Chain);

/// <summary>Body of <c>POST /api/acquisition/start</c>.</summary>
internal sealed record StartRequest(string? Source, int? Size, double? Fps, long? Frames, int? BitDepth, string? Input, bool? Save);
