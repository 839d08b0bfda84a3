using Tacs.Sdk.Frames;

namespace Tacs.Host.Live;

/// <summary>Where live frames come from: a camera, a simulated camera, a replayed stack.</summary>
public interface IFrameSource
{
    /// <summary>One line for users, such as "simulated camera 2048×2048 16-bit at 100 frames/s".</summary>
    string Description { get; }

    /// <summary>Produces frames into <paramref name="deliver"/> until done or cancelled. Runs on a thread of its
    /// own; must not block on the pipeline (delivering is cheap).</summary>
    /// <param name="deliver">Takes each frame.</param>
    /// <param name="cancellation">Stops the source.</param>
    void Run(Action<ImageFrame> deliver, CancellationToken cancellation);
}
