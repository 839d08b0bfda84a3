namespace Tacs.Collagen.Synthesis;

/// <summary>Tumour-associated collagen signatures 1–3 (Provenzano et al. 2006).</summary>
public enum TacsClass
{
    /// <summary>TACS-1: locally dense, wavy collagen with no preferred orientation near the tumour.</summary>
    Tacs1,

    /// <summary>TACS-2: straightened fibres wrapped parallel to the tumour boundary.</summary>
    Tacs2,

    /// <summary>TACS-3: straightened, aligned fibres and bundles perpendicular to the boundary.</summary>
    Tacs3,
}

/// <summary>Names of <see cref="TacsClass"/> values as users and label files write them.</summary>
public static class TacsClassNames
{
    /// <summary>All classes in order.</summary>
    public static IReadOnlyList<TacsClass> All { get; } = [TacsClass.Tacs1, TacsClass.Tacs2, TacsClass.Tacs3];

    /// <summary>"TACS-1", "TACS-2" or "TACS-3".</summary>
    /// <param name="value">The class.</param>
    public static string Name(this TacsClass value) => value switch
    {
        TacsClass.Tacs1 => "TACS-1",
        TacsClass.Tacs2 => "TACS-2",
        TacsClass.Tacs3 => "TACS-3",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown TACS class."),
    };

    /// <summary>Reads "TACS-1", "tacs1", "1" and the like.</summary>
    /// <param name="text">The label text.</param>
    /// <exception cref="FormatException">The text names no TACS class.</exception>
    public static TacsClass Parse(string text)
    {
        var digits = new string((text ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        var letters = new string((text ?? string.Empty).Where(char.IsAsciiLetter).ToArray());
        var lettersOk = letters.Length == 0 || letters.Equals("tacs", StringComparison.OrdinalIgnoreCase);
        return (digits, lettersOk) switch
        {
            ("1", true) => TacsClass.Tacs1,
            ("2", true) => TacsClass.Tacs2,
            ("3", true) => TacsClass.Tacs3,
            _ => throw new FormatException($"'{text}' is not a TACS class; write TACS-1, TACS-2 or TACS-3."),
        };
    }
}
