using VoiceSite.Data.Entities;

namespace VoiceSite.Scenarios;

/// <summary>The scenario a fresh database starts with, so there is something to talk to (and to be scored on).</summary>
public static class DemoScenario
{
    public const string Name = "Job interview practice";

    public static Scenario Create(DateTime now)
    {
        var scenario = new Scenario
        {
            Name = Name,
            Description = "Practise a job interview. The interviewer asks one question at a time and reacts to your answers.",
            Briefing = """
                You have a first-round interview for a {{role}} position at Northwind Labs, a small software company.
                Your interviewer is {{persona_name}}, {{persona_role}}. The call lasts about ten minutes: expect questions about
                your experience and how you work, and keep a question of your own ready for the end.
                """,
            Objective = "Earn a second interview: answer with concrete examples (the situation, what you did, the result) and ask one thoughtful question about the team or the role.",
            Persona = new ScenarioPersona
            {
                Name = "Jordan Lee",
                Role = "the engineering manager at Northwind Labs",
                Manner = "friendly and curious, but presses for specifics when an answer stays vague",
                Concerns = "whether the candidate can explain their own work clearly, owns their mistakes, and works well in a small team",
            },
            OpeningLine = "Hi {{candidate_name}}, thanks for making the time today. Could you start by telling me a little about yourself?",
            InstructionsTemplate = """
                You are {{persona_name}}, {{persona_role}}, interviewing a candidate for a {{role}} role.
                The candidate is called {{candidate_name}} and has {{years_experience}} years of experience.
                Your manner: {{persona_manner}}. You care about {{persona_concerns}}.
                Interview difficulty: {{difficulty}}.
                Ask one question at a time, listen to the answer, and follow up on anything vague.
                Keep each reply under three sentences so the conversation stays spoken, not read.
                """,
            RealtimeVoice = "marin",
            PipelineVoice = "en-US-AvaMultilingualNeural",
            TurnDetection = TurnDetectionKind.ServerVad,
            NoiseReduction = NoiseReductionKind.NearField,
            EnabledTools = ["end_roleplay"],
            PassMark = 70,
            IsPublished = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        scenario.Parameters.AddRange(
        [
            new ScenarioParameter { Key = "candidate_name", Label = "Your name", Kind = ParameterKind.Text, Required = true, Position = 0 },
            new ScenarioParameter { Key = "role", Label = "Role you are applying for", Kind = ParameterKind.Text, DefaultValue = "software engineer", Required = true, Position = 1 },
            new ScenarioParameter { Key = "years_experience", Label = "Years of experience", Kind = ParameterKind.Number, DefaultValue = "3", Required = false, Position = 2 },
        ]);
        scenario.Difficulties.AddRange(
        [
            new ScenarioDifficulty { Name = "easy", Position = 0, Instructions = "Ask common questions and help the candidate along when they hesitate." },
            new ScenarioDifficulty { Name = "medium", Position = 1, IsDefault = true, Instructions = "Mix common and behavioural questions, and ask for a concrete example whenever an answer stays general." },
            new ScenarioDifficulty { Name = "hard", Position = 2, Instructions = "Press politely for specifics and numbers, ask about a failure or a gap in the CV, and do not fill silences for the candidate." },
        ]);
        scenario.Rubric.AddRange(
        [
            new RubricCriterion
            {
                Name = "Concrete examples", Weight = 3, Position = 0,
                Good = "Answers with specific situations: what they did themselves and what came of it, ideally with numbers.",
                Fair = "Gives examples, but stays vague about their own part or the result.",
                Poor = "Speaks only in generalities or hypotheticals.",
            },
            new RubricCriterion
            {
                Name = "Clear answers", Weight = 2, Position = 1,
                Good = "Answers the question asked, in a clear order and to the point.",
                Fair = "Mostly clear, with some rambling, jargon or drifting from the question.",
                Poor = "Hard to follow, or does not answer the question asked.",
            },
            new RubricCriterion
            {
                Name = "Engagement", Weight = 1, Position = 2,
                Good = "Listens, builds on the interviewer's questions and asks a thoughtful question about the team or the role.",
                Fair = "Polite but passive; asks only a generic question.",
                Poor = "Asks nothing, or talks over the interviewer and ignores the questions.",
            },
        ]);
        return scenario;
    }
}
