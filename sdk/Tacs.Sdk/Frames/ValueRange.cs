namespace Tacs.Sdk.Frames;

/// <summary>A closed range of pixel values, for example 0–65535 for 16-bit data.</summary>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
public readonly record struct ValueRange(float Min, float Max)
{
    /// <summary>Max − Min.</summary>
    public float Span => Max - Min;

    /// <summary>Clamps <paramref name="value"/> into the range.</summary>
    /// <param name="value">The value to clamp.</param>
    public float Clamp(float value) => Math.Clamp(value, Min, Max);

    /// <inheritdoc />
    public override string ToString() => $"{Min:G6}–{Max:G6}";
}
