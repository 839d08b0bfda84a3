using Microsoft.ML.Data;

namespace Tacs.Collagen.Classification;

/// <summary>ML.NET input row: the feature vector (its length is set at run time) and the class name.</summary>
internal sealed class FeatureRow
{
    public float[] Features { get; set; } = [];

    public string Label { get; set; } = string.Empty;
}

/// <summary>ML.NET output row.</summary>
internal sealed class ScoreRow
{
    public string PredictedLabel { get; set; } = string.Empty;

    public float[] Score { get; set; } = [];
}

/// <summary>The schema of <see cref="FeatureRow"/> for a given number of features.</summary>
internal static class FeatureSchema
{
    public static SchemaDefinition For(int featureCount)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }
}
