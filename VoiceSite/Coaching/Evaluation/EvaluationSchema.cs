using System.Text.Json.Nodes;
using VoiceSite.Data.Entities;

namespace VoiceSite.Coaching;

/// <summary>
/// The JSON schema the evaluation must answer in (OpenAI structured output, strict): per criterion a score, a comment and
/// evidence quotes with their turn numbers; strengths; improvements with a better phrasing; a summary. The criterion
/// names are an enum of the rubric's, so the model cannot invent or rename one.
/// </summary>
public static class EvaluationSchema
{
    public const string Name = "conversation_evaluation";
    public const int MaxEvidence = 3;

    public static BinaryData For(IReadOnlyList<RubricCriterionSnapshot> rubric)
    {
        var names = new JsonArray(rubric.Select(c => (JsonNode)JsonValue.Create(c.Name)!).ToArray());
        var schema = Object(
            ("criteria", Array(Object(
                ("name", new JsonObject { ["type"] = "string", ["enum"] = names }),
                ("score", Described("integer", "0 to 100: good 80-100, fair 50-79, poor 0-49, judged against the criterion's descriptions.")),
                ("comment", Described("string", "One or two sentences on why, addressed to the learner as 'you'.")),
                ("evidence", Array(Object(
                    ("turn", Described("integer", "The number of the transcript line quoted.")),
                    ("quote", Described("string", "Words copied exactly from that line, at most two sentences."))),
                    $"1 to {MaxEvidence} moments that justify the score."))),
                "One entry per rubric criterion, in the rubric's order.")),
            ("strengths", Array(Described("string", "Something the learner did well, addressed as 'you'."), "1 to 3 strengths.")),
            ("improvements", Array(Object(
                ("turn", Described("integer", "The number of the transcript line of the learner's moment.")),
                ("quote", Described("string", "The learner's words copied exactly from that line.")),
                ("advice", Described("string", "What to do differently, addressed as 'you'.")),
                ("better_phrasing", Described("string", "What the learner could have said instead at that moment."))),
                "1 to 3 things to do differently, each tied to a real moment.")),
            ("summary", Described("string", "Two or three sentences on how the conversation went overall.")));
        return BinaryData.FromString(schema.ToJsonString());
    }

    private static JsonObject Object(params (string Name, JsonNode Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties)
            props[name] = schema;
        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = props,
            ["required"] = new JsonArray(properties.Select(p => (JsonNode)JsonValue.Create(p.Name)!).ToArray()),
            ["additionalProperties"] = false,
        };
    }

    private static JsonObject Array(JsonNode items, string description) =>
        new() { ["type"] = "array", ["description"] = description, ["items"] = items };

    private static JsonObject Described(string type, string description) =>
        new() { ["type"] = type, ["description"] = description };
}
