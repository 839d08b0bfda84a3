namespace Tacs.Collagen.Features;

/// <summary>The features measured on one image, in <see cref="FeatureCatalog"/> order.</summary>
public sealed class FeatureVector
{
    /// <summary>Creates a vector.</summary>
    /// <param name="names">Feature names.</param>
    /// <param name="values">Values, same length.</param>
    /// <param name="boundaryUsed">True when boundary features were measured.</param>
    /// <param name="notes">Remarks for the user (what was left out and why).</param>
    public FeatureVector(IReadOnlyList<string> names, IReadOnlyList<double> values, bool boundaryUsed, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(values);
        if (names.Count != values.Count)
        {
            throw new ArgumentException($"{names.Count} names but {values.Count} values.", nameof(values));
        }

        Names = names;
        Values = values;
        BoundaryUsed = boundaryUsed;
        Notes = notes ?? [];
    }

    /// <summary>Feature names.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Feature values.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>True when boundary features were measured; false means boundary-free features only.</summary>
    public bool BoundaryUsed { get; }

    /// <summary>Remarks for the user.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The value of a feature.</summary>
    /// <param name="name">Feature name.</param>
    /// <exception cref="KeyNotFoundException">The vector has no such feature (for example a boundary feature without a boundary).</exception>
    public double this[string name]
    {
        get
        {
            for (var i = 0; i < Names.Count; i++)
            {
                if (Names[i] == name)
                {
                    return Values[i];
                }
            }

            throw new KeyNotFoundException($"Feature '{name}' was not measured{(BoundaryUsed ? string.Empty : " (no boundary was given)")}.");
        }
    }

    /// <summary>True when the vector holds <paramref name="name"/>.</summary>
    /// <param name="name">Feature name.</param>
    public bool Contains(string name) => Names.Contains(name);

    /// <summary>Values of <paramref name="names"/> in that order, as the model wants them.</summary>
    /// <param name="names">Feature names.</param>
    /// <exception cref="KeyNotFoundException">A name is missing.</exception>
    public float[] ValuesOf(IReadOnlyList<string> names) => [.. names.Select(n => (float)this[n])];

    /// <summary>Name → value.</summary>
    public IReadOnlyDictionary<string, double> ToDictionary() =>
        Names.Select((n, i) => (n, Values[i])).ToDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal);
}
