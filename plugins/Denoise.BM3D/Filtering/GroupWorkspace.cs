namespace Tacs.Plugins.Bm3d.Filtering;

/// <summary>Scratch memory of one worker: matched positions, the 3D groups and one patch; reused for every reference.</summary>
internal sealed class GroupWorkspace
{
    public GroupWorkspace(int maxGroup, int k)
    {
        var kk = k * k;
        Positions = new int[maxGroup];
        Distances = new float[maxGroup];
        Group = new float[maxGroup * kk];
        Guide = new float[maxGroup * kk];
        Patch = new float[kk];
        Scratch = new float[kk];
    }

    public int[] Positions { get; }

    public float[] Distances { get; }

    /// <summary>Group being filtered (noisy patches), n rows of k×k coefficients.</summary>
    public float[] Group { get; }

    /// <summary>Group of the pilot estimate (Wiener stage only).</summary>
    public float[] Guide { get; }

    public float[] Patch { get; }

    public float[] Scratch { get; }
}
