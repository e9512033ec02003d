using System.Globalization;
using System.Text;
using VoiceSite.Data.Entities;

namespace VoiceSite.Coaching;

/// <summary>The evaluation request: instructions for the assessor, and the briefing, objective, persona, rubric and transcript.</summary>
public static class EvaluationPrompt
{
    public const string System = """
        You are an experienced communication coach assessing a learner's spoken role-play with an AI partner.
        Judge only what is in the transcript. Score each rubric criterion from 0 to 100 against its descriptions
        (good 80-100, fair 50-79, poor 0-49). Every quote must be copied exactly, word for word, from the numbered
        transcript line you give with it; never paraphrase inside a quote, never quote something that was not said.
        Prefer the learner's own words as evidence; quote the AI only to show what the learner was answering.
        Improvements must each be tied to a real moment of the learner's and give a better phrasing they could have used.
        Speak to the learner as "you", plainly and kindly.
        """;

    public static string User(Conversation conversation, EvaluationTranscript transcript)
    {
        var coaching = conversation.Coaching;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Scenario: {conversation.ScenarioName}");
        if (conversation.Difficulty is { } difficulty)
            text.AppendLine(CultureInfo.InvariantCulture, $"Difficulty: {difficulty}");
        if (!string.IsNullOrWhiteSpace(coaching.Briefing))
            text.AppendLine().AppendLine("Briefing the learner was given:").AppendLine(coaching.Briefing.Trim());
        if (!string.IsNullOrWhiteSpace(coaching.Objective))
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"The learner's objective: {coaching.Objective.Trim()}");
        var persona = coaching.Persona;
        if (!string.IsNullOrWhiteSpace(persona.Name) || !string.IsNullOrWhiteSpace(persona.Role))
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"The AI played: {Join(persona.Name, persona.Role)}");
            if (!string.IsNullOrWhiteSpace(persona.Manner))
                text.AppendLine(CultureInfo.InvariantCulture, $"Manner: {persona.Manner}");
            if (!string.IsNullOrWhiteSpace(persona.Concerns))
                text.AppendLine(CultureInfo.InvariantCulture, $"Cares about: {persona.Concerns}");
        }
        if (conversation.FinishReason is { } reason)
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"How it ended: {reason}");

        text.AppendLine().AppendLine("Rubric (criterion, weight, what good / fair / poor look like):");
        foreach (var criterion in coaching.Rubric)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {criterion.Name} (weight {criterion.Weight})");
            text.AppendLine(CultureInfo.InvariantCulture, $"  Good: {criterion.Good}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  Fair: {criterion.Fair}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  Poor: {criterion.Poor}");
        }
        text.AppendLine().AppendLine("Transcript (each line: [number] speaker: words):").Append(transcript.Format());
        return text.ToString();
    }

    private static string Join(string name, string role) =>
        string.IsNullOrWhiteSpace(name) ? role : string.IsNullOrWhiteSpace(role) ? name : $"{name}, {role}";
}
