using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using VoiceSite.Simulator.Speech;

namespace VoiceSite.Simulator.Chat;

/// <summary>
/// Answers the site's evaluation request (structured output with the JSON schema named <see cref="SchemaName"/>)
/// deterministically from the transcript in it, so tests can assert on the result:
/// <list type="bullet">
/// <item>the criteria are the names the schema's enum lists, in that order; criterion i (from 0) scores
/// 50 + 10 × (learner lines) − 10 × i, kept within 0..100;</item>
/// <item>its evidence is one learner line, quoted whole: line (i mod learner lines) of the learner's, in order;</item>
/// <item>one strength; one improvement quoting the learner's first line, with a better phrasing;</item>
/// <item>transcript lines are read as <c>[n] Learner: words</c> and <c>[n] AI: words</c>.</item>
/// </list>
/// Faults (<see cref="EvaluationSimulatorOptions"/>): an invented quote, 429 or 500, for the first N requests or all.
/// </summary>
internal static partial class EvaluationSimulator
{
    public const string SchemaName = "conversation_evaluation";
    public const string InventedQuote = "I have never said these words at all.";

    public static async Task AnswerAsync(HttpContext context, ChatRequest request, ChatSimulatorOptions service, SimulatorJournal journal, string? deployment)
    {
        journal.Record(SimulatorJournal.ChatEvaluation);
        var settings = service.Evaluation;
        var faulty = settings.TakeFault();
        if (faulty && settings.Fault == EvaluationFault.RateLimit)
        {
            context.Response.Headers.RetryAfter = "1";
            await SimulatedRest.WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "429",
                "Requests have exceeded the rate limit of your current pricing tier. Please retry after 1 second. (simulated)");
            return;
        }
        if (faulty && settings.Fault == EvaluationFault.ServerError)
        {
            await SimulatedRest.WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "InternalServerError",
                "The server had an error while processing your request. (simulated)");
            return;
        }
        await SimulatedRest.DelayAnswerAsync(context, service);

        var transcript = request.Messages.LastOrDefault(m => m.Role == "user")?.Text ?? "";
        var learner = Lines().Matches(transcript).Where(m => m.Groups[2].Value == "Learner")
            .Select(m => (Turn: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Text: m.Groups[3].Value.Trim()))
            .ToList();
        var answer = Compose(CriterionNames(request.JsonSchema), learner, invent: faulty && settings.Fault == EvaluationFault.InventQuote);

        var content = answer.ToJsonString();
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["id"] = "chatcmpl-sim" + Guid.NewGuid().ToString("N")[..20],
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = deployment ?? request.Model ?? "simulated",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content, ["refusal"] = null },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = transcript.Length / 4 + 1, ["completion_tokens"] = content.Length / 4 + 1, ["total_tokens"] = (transcript.Length + content.Length) / 4 + 2 },
        }.ToJsonString(), context.RequestAborted);
    }

    private static JsonObject Compose(IReadOnlyList<string> criteria, IReadOnlyList<(int Turn, string Text)> learner, bool invent)
    {
        var evidenceOf = (int i) => learner.Count == 0 ? (Turn: 1, Text: "") : learner[i % learner.Count];
        var scored = new JsonArray();
        for (var i = 0; i < criteria.Count; i++)
        {
            var (turn, text) = evidenceOf(i);
            var quote = invent && i == 0 ? InventedQuote : text;
            scored.Add(new JsonObject
            {
                ["name"] = criteria[i],
                ["score"] = Math.Clamp(50 + 10 * learner.Count - 10 * i, 0, 100),
                ["comment"] = $"Simulated assessment of \"{criteria[i]}\" over {learner.Count} of your turns.",
                ["evidence"] = new JsonArray(new JsonObject { ["turn"] = turn, ["quote"] = quote }),
            });
        }
        var first = evidenceOf(0);
        return new JsonObject
        {
            ["criteria"] = scored,
            ["strengths"] = new JsonArray((JsonNode)$"You kept the conversation going for {learner.Count} turns."),
            ["improvements"] = new JsonArray(new JsonObject
            {
                ["turn"] = first.Turn,
                ["quote"] = first.Text,
                ["advice"] = "Open with a concrete example rather than a general statement.",
                ["better_phrasing"] = "For example, last spring I led the move to a new build system, and our release time halved.",
            }),
            ["summary"] = $"Simulated evaluation of {learner.Count} learner turns against {criteria.Count} criteria.",
        };
    }

    /// <summary>The criterion names the schema allows (its criteria[].name enum), in order.</summary>
    private static IReadOnlyList<string> CriterionNames(JsonElement? schema)
    {
        try
        {
            var names = schema?.GetProperty("properties").GetProperty("criteria").GetProperty("items")
                .GetProperty("properties").GetProperty("name").GetProperty("enum");
            return names?.EnumerateArray().Select(e => e.GetString() ?? "").ToList() ?? [];
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            return [];
        }
    }

    [GeneratedRegex(@"^\[(\d+)\] (Learner|AI): (.*)$", RegexOptions.Multiline)]
    private static partial Regex Lines();
}
