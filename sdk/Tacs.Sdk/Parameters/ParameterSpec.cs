using System.Globalization;

namespace Tacs.Sdk.Parameters;

/// <summary>Declares one parameter of a plugin: the host validates values against it and shows it to users.</summary>
public sealed record ParameterSpec
{
    /// <summary>Creates a parameter declaration.</summary>
    /// <param name="name">Name used on the command line and in chains (letters, digits, '_' and '-').</param>
    /// <param name="kind">Type of the value.</param>
    /// <param name="defaultValue">Default as text, in the invariant culture; null means the parameter is required.</param>
    /// <param name="description">One sentence for users.</param>
    public ParameterSpec(string name, ParameterKind kind, string? defaultValue, string description)
    {
        if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new ArgumentException($"Parameter name '{name}' must be letters, digits, '_' or '-'.", nameof(name));
        }

        Name = name;
        Kind = kind;
        Default = defaultValue;
        Description = description ?? string.Empty;
    }

    /// <summary>Name used on the command line and in chains.</summary>
    public string Name { get; }

    /// <summary>Type of the value.</summary>
    public ParameterKind Kind { get; }

    /// <summary>Default value as invariant text, or null when the user must give one.</summary>
    public string? Default { get; }

    /// <summary>One sentence for users.</summary>
    public string Description { get; }

    /// <summary>Smallest allowed value for numbers and integers (inclusive).</summary>
    public double? Minimum { get; init; }

    /// <summary>Largest allowed value for numbers and integers (inclusive).</summary>
    public double? Maximum { get; init; }

    /// <summary>Unit shown to users, such as <c>px</c> or <c>grey levels</c>.</summary>
    public string? Unit { get; init; }

    /// <summary>Allowed words for <see cref="ParameterKind.Choice"/> (compared without case).</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>When true, the word <c>auto</c> is accepted in place of a number: the plugin estimates the value.</summary>
    public bool AllowsAuto { get; init; }

    /// <summary>Checks <paramref name="text"/> against this declaration.</summary>
    /// <param name="text">The value as the user typed it.</param>
    /// <returns>The parsed value: double, long, bool, string (choice, lower case; file path, full path) or <see cref="AutoValue"/>.</returns>
    /// <exception cref="ParameterException">The value is malformed or out of range; the message says which and why.</exception>
    public object Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (AllowsAuto && text.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return AutoValue.Instance;
        }

        switch (Kind)
        {
            case ParameterKind.Number:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    throw Fail(text, "is not a number" + (AllowsAuto ? " (or 'auto')" : string.Empty));
                }

                CheckRange(text, number);
                return number;
            case ParameterKind.Integer:
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
                {
                    throw Fail(text, "is not a whole number" + (AllowsAuto ? " (or 'auto')" : string.Empty));
                }

                CheckRange(text, integer);
                return integer;
            case ParameterKind.Boolean:
                return text.ToLowerInvariant() switch
                {
                    "true" or "yes" or "1" or "on" => true,
                    "false" or "no" or "0" or "off" => false,
                    _ => throw Fail(text, "is not true or false"),
                };
            case ParameterKind.Choice:
                var match = Choices.FirstOrDefault(c => c.Equals(text, StringComparison.OrdinalIgnoreCase));
                return match ?? throw Fail(text, $"is not one of: {string.Join(", ", Choices)}");
            case ParameterKind.FilePath:
                if (text.Length == 0)
                {
                    throw Fail(text, "is empty; give a file path");
                }

                var full = Path.GetFullPath(text);
                return File.Exists(full) ? full : throw Fail(text, $"names no existing file ({full})");
            default:
                throw Fail(text, $"has an unknown kind {Kind}");
        }
    }

    /// <summary>Human-readable range such as <c>0.1 – 50 px</c>, or an empty string.</summary>
    public string DescribeRange()
    {
        var unit = Unit is null ? string.Empty : " " + Unit;
        return (Minimum, Maximum) switch
        {
            (double lo, double hi) => string.Create(CultureInfo.InvariantCulture, $"{lo:G} – {hi:G}{unit}"),
            (double lo, null) => string.Create(CultureInfo.InvariantCulture, $"≥ {lo:G}{unit}"),
            (null, double hi) => string.Create(CultureInfo.InvariantCulture, $"≤ {hi:G}{unit}"),
            _ => Kind == ParameterKind.Choice ? string.Join(" | ", Choices) : unit.Trim(),
        };
    }

    private void CheckRange(string text, double value)
    {
        if (Minimum is double lo && value < lo)
        {
            throw Fail(text, string.Create(CultureInfo.InvariantCulture, $"is below the minimum {lo:G}"));
        }

        if (Maximum is double hi && value > hi)
        {
            throw Fail(text, string.Create(CultureInfo.InvariantCulture, $"is above the maximum {hi:G}"));
        }
    }

    private ParameterException Fail(string text, string why) =>
        new(Name, $"Parameter '{Name}': value '{text}' {why}.");
}
