namespace Tacs.Host.Batch;

/// <summary>What a batch writes for a page on which a step failed or timed out (<c>--on-frame-error</c>).</summary>
public enum FrameErrorPolicy
{
    /// <summary>The input page, unchanged (the default: nothing is lost and page numbers stay aligned).</summary>
    Raw,

    /// <summary>A page of zeros, so a failed page cannot be mistaken for a processed one.</summary>
    Zero,

    /// <summary>Fail the whole file: nothing is written for it (the behaviour before per-page containment).</summary>
    Fail,
}
