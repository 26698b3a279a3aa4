using System.Text.Json;
using System.Text.Json.Serialization;

namespace NiceSlam.Data.Evaluation;

/// <summary>ATE and RPE of one run, in the units the literature reports (ATE also in cm), serialised as JSON.</summary>
public sealed record EvaluationReport(
    int MatchedPoses,
    int UnmatchedEstimates,
    double AteRmseCm,
    ErrorStatistics AteMetres,
    RpeResult? Rpe)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static EvaluationReport From(AteResult ate, RpeResult? rpe) =>
        new(ate.Statistics.Count, ate.UnmatchedEstimates, ate.Statistics.Rmse * 100, ate.Statistics, rpe);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static EvaluationReport FromJson(string json) =>
        JsonSerializer.Deserialize<EvaluationReport>(json, JsonOptions) ?? throw new JsonException("empty evaluation report");
}
