using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Recordings;

/// <summary>
/// A conversation held over two recorded sessions ten minutes apart, with a turn between them that was not recorded,
/// finished and scored with quotes: real Ogg Opus files in the store, rows as the recorder writes them.
/// Recording 1 starts at <see cref="Start"/> and lasts 20 s; recording 2 starts 10 minutes later and lasts 15 s,
/// so it begins at 20 s in the playlist. Long enough that a turn played in a browser is still playing when looked at.
/// </summary>
public sealed record ReplayScene(Guid Conversation, DateTime Start, IReadOnlyList<Turn> Turns)
{
    public const int FirstMs = 20_000;
    public const int SecondMs = 15_000;

    /// <summary>Turn i's expected place: (recording, ms in it, ms in the playlist), or null when it was not recorded.</summary>
    public static readonly (int Recording, int PositionMs, int PlaylistMs)?[] Expected =
        [(1, 500, 500), (1, 8000, 8000), null, (2, 1500, 21_500)];

    public Turn Greeting => Turns[0];
    public Turn Question => Turns[1];
    public Turn Unrecorded => Turns[2];
    public Turn Answer => Turns[3];

    public static async Task<ReplayScene> CreateAsync(VoiceSiteFactory factory, string ownerEmail, bool scored = true)
    {
        var start = DateTime.UtcNow.AddHours(-1);
        var second = start.AddMinutes(10);
        Turn Said(TurnRole role, string text, DateTime at, int sequence, int durationMs) =>
            new() { Role = role, Text = text, StartedAt = at, Sequence = sequence, DurationMs = durationMs, Mode = VoiceMode.Realtime };
        List<Turn> turns =
        [
            Said(TurnRole.User, "Hello, I am here for the interview.", start.AddMilliseconds(500), 1, 2000),
            Said(TurnRole.Assistant, "Welcome. Tell me about yourself.", start.AddMilliseconds(8000), 2, 2500),
            Said(TurnRole.User, "Said while recording was off.", start.AddMinutes(5), 3, 1500),
            Said(TurnRole.User, "I led a team of four, and we halved our outages.", second.AddMilliseconds(1500), 4, 3000),
        ];
        var conversation = await factory.CreateConversationAsync(ownerEmail, c =>
        {
            c.Turns.AddRange(turns);
            if (scored)
            {
                c.FinishedAt = second.AddSeconds(6);
                c.FinishedBy = ConversationEnder.Learner;
            }
        });
        await StoredRecordings.AddAsync(factory, conversation, StoredRecordings.OggTone(FirstMs / 1000), start, FirstMs);
        await StoredRecordings.AddAsync(factory, conversation, StoredRecordings.OggTone(SecondMs / 1000), second, SecondMs);
        if (scored)
            await factory.WithDbAsync(db =>
            {
                var evaluation = new Evaluation { ConversationId = conversation, Score = 60, PassMark = 70, Summary = "A fair start.", Model = "test", CreatedAt = DateTime.UtcNow };
                var criterion = new EvaluationCriterion { Name = "Specific results", Weight = 1, Score = 60, Comment = "One number.", Position = 0 };
                criterion.Evidence.Add(new EvaluationEvidence { TurnId = turns[3].Id, Quote = "we halved our outages", Position = 0 });
                evaluation.Criteria.Add(criterion);
                evaluation.Notes.Add(new EvaluationNote
                {
                    Kind = EvaluationNoteKind.Improvement, Text = "Say who you are.", TurnId = turns[0].Id,
                    Quote = "I am here for the interview", BetterPhrasing = "I'm Sam, a software engineer.", Position = 0,
                });
                db.Evaluations.Add(evaluation);
                return db.SaveChangesAsync();
            });
        return new ReplayScene(conversation, start, turns);
    }
}
