using System.Globalization;

namespace Tacs.Sdk.Parameters;

/// <summary>Validated parameter values for one plugin step: every declared parameter has a value.</summary>
public sealed class ParameterValues
{
    private readonly Dictionary<string, object> _values;

    private ParameterValues(Dictionary<string, object> values) => _values = values;

    /// <summary>No parameters.</summary>
    public static ParameterValues Empty { get; } = new(new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase));

    /// <summary>Parameter names and values as invariant text, in declaration order.</summary>
    public IReadOnlyDictionary<string, string> AsText =>
        _values.ToDictionary(p => p.Key, p => Format(p.Value), StringComparer.OrdinalIgnoreCase);

    /// <summary>Validates <paramref name="given"/> against <paramref name="specs"/>, filling defaults.</summary>
    /// <param name="specs">The plugin's declared parameters.</param>
    /// <param name="given">Values the user gave, by name (case-insensitive).</param>
    /// <exception cref="ParameterException">An unknown name, a missing required value, or a bad value.</exception>
    public static ParameterValues Create(IReadOnlyList<ParameterSpec> specs, IReadOnlyDictionary<string, string> given)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(given);
        foreach (var name in given.Keys)
        {
            if (!specs.Any(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                var known = specs.Count == 0 ? "it takes no parameters" : "known: " + string.Join(", ", specs.Select(s => s.Name));
                throw new ParameterException(name, $"Unknown parameter '{name}' ({known}).");
            }
        }

        var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in specs)
        {
            var text = given.FirstOrDefault(p => p.Key.Equals(spec.Name, StringComparison.OrdinalIgnoreCase)).Value ?? spec.Default;
            if (text is null)
            {
                throw new ParameterException(spec.Name, $"Parameter '{spec.Name}' is required: {spec.Description}");
            }

            values[spec.Name] = spec.Parse(text);
        }

        return new ParameterValues(values);
    }

    /// <summary>True when the parameter was set to <c>auto</c>.</summary>
    /// <param name="name">Parameter name.</param>
    public bool IsAuto(string name) => Get(name) is AutoValue;

    /// <summary>A number parameter.</summary>
    /// <param name="name">Parameter name.</param>
    /// <exception cref="InvalidOperationException">The parameter is not a number or is <c>auto</c>.</exception>
    public double GetNumber(string name) => Get(name) switch
    {
        double d => d,
        long l => l,
        var other => throw WrongType(name, "a number", other),
    };

    /// <summary>An integer parameter.</summary>
    /// <param name="name">Parameter name.</param>
    public long GetInteger(string name) => Get(name) is long l ? l : throw WrongType(name, "an integer", Get(name));

    /// <summary>A boolean parameter.</summary>
    /// <param name="name">Parameter name.</param>
    public bool GetBoolean(string name) => Get(name) is bool b ? b : throw WrongType(name, "a boolean", Get(name));

    /// <summary>A choice or file-path parameter.</summary>
    /// <param name="name">Parameter name.</param>
    public string GetText(string name) => Get(name) is string s ? s : throw WrongType(name, "text", Get(name));

    private object Get(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"Parameter '{name}' is not declared.");

    private static InvalidOperationException WrongType(string name, string wanted, object actual) =>
        new($"Parameter '{name}' holds {Format(actual)}, not {wanted}.");

    private static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? string.Empty,
    };
}
