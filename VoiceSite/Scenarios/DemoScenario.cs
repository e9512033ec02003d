using VoiceSite.Data.Entities;

namespace VoiceSite.Scenarios;

/// <summary>The scenario a fresh database starts with, so there is something to talk to.</summary>
public static class DemoScenario
{
    public const string Name = "Job interview practice";

    public static Scenario Create(DateTime now)
    {
        var scenario = new Scenario
        {
            Name = Name,
            Description = "Practise a job interview. The interviewer asks one question at a time and reacts to your answers.",
            InstructionsTemplate = """
                You are an experienced, friendly interviewer hiring a {{role}}.
                The candidate is called {{candidate_name}} and has {{years_experience}} years of experience.
                Interview difficulty: {{difficulty}}.
                Ask one question at a time, listen to the answer, and follow up on anything vague.
                Keep each reply under three sentences so the conversation stays spoken, not read.
                """,
            RealtimeVoice = "marin",
            PipelineVoice = "en-US-AvaMultilingualNeural",
            TurnDetection = TurnDetectionKind.ServerVad,
            IsPublished = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        scenario.Parameters.AddRange(
        [
            new ScenarioParameter { Key = "candidate_name", Label = "Your name", Kind = ParameterKind.Text, Required = true, Position = 0 },
            new ScenarioParameter { Key = "role", Label = "Role you are applying for", Kind = ParameterKind.Text, DefaultValue = "software engineer", Required = true, Position = 1 },
            new ScenarioParameter { Key = "years_experience", Label = "Years of experience", Kind = ParameterKind.Number, DefaultValue = "3", Required = false, Position = 2 },
            new ScenarioParameter { Key = "difficulty", Label = "Difficulty", Kind = ParameterKind.Choice, Choices = ["easy", "medium", "hard"], DefaultValue = "medium", Required = true, Position = 3 },
        ]);
        return scenario;
    }
}
