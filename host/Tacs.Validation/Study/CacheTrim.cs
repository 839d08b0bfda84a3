namespace Tacs.Validation.Study;

/// <summary>What <see cref="DenoiseCache.Trim"/> did: bytes of entries kept, and files removed with their bytes.</summary>
public readonly record struct CacheTrim(long KeptBytes, int Removed, long RemovedBytes);
