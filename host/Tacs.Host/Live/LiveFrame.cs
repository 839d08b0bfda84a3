using Tacs.Sdk.Frames;

namespace Tacs.Host.Live;

/// <summary>A frame moving through the live pipeline, with when it arrived and whether a step let it through unprocessed.</summary>
internal sealed record LiveFrame(ImageFrame Frame, long ReceivedTimestamp, bool Unprocessed = false);
