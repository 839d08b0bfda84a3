namespace Tacs.Torch.Model;

/// <summary>Size of a DRUNet: channel widths of its four scales and residual blocks per scale.</summary>
/// <param name="Channels">Channels at full, 1/2, 1/4 and 1/8 resolution (the paper: 64, 128, 256, 512).</param>
/// <param name="BlocksPerScale">Residual blocks per scale (the paper: 4).</param>
public sealed record DrunetOptions(IReadOnlyList<int> Channels, int BlocksPerScale)
{
    /// <summary>The size shipped with Tacs, chosen by measuring speed on a 2-core CPU (see docs/drunet.md).</summary>
    public static DrunetOptions Default { get; } = new([16, 32, 64, 128], 1);

    /// <summary>The size of Zhang et al. 2021 (32.6 M parameters; far too slow for a small CPU).</summary>
    public static DrunetOptions Paper { get; } = new([64, 128, 256, 512], 4);

    /// <summary>Image sides must be multiples of this (three 2× down-samplings).</summary>
    public const int SideMultiple = 8;

    /// <summary>Checks the sizes and says what is wrong.</summary>
    /// <exception cref="ArgumentException">Not four positive widths, or blocks outside 1–8.</exception>
    public void Validate()
    {
        if (Channels is null || Channels.Count != 4 || Channels.Any(c => c is < 1 or > 1024))
        {
            throw new ArgumentException("DRUNet needs four channel widths between 1 and 1024, for example 16,32,64,128.");
        }

        if (BlocksPerScale is < 1 or > 8)
        {
            throw new ArgumentException($"DRUNet needs 1–8 residual blocks per scale; {BlocksPerScale} given.");
        }
    }

    /// <summary>Parses "16,32,64,128".</summary>
    public static IReadOnlyList<int> ParseChannels(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new List<int>();
        foreach (var part in parts)
        {
            values.Add(int.TryParse(part, System.Globalization.CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new ArgumentException($"Channel width '{part}' is not a whole number (give four, e.g. 16,32,64,128)."));
        }

        return values;
    }

    /// <inheritdoc />
    public override string ToString() => $"nc=({string.Join(",", Channels)}), nb={BlocksPerScale}";
}
