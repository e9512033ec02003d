using VoiceSite.Jobs;
using VoiceSite.Voice.Pipeline;

namespace VoiceSite.Coaching;

public static class CoachingFeatureSetup
{
    /// <summary>Finishing conversations, their evaluation (a durable job), feedback and trainers' reports.</summary>
    public static WebApplicationBuilder AddCoaching(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConversationFinisher>();
        builder.Services.AddSingleton<EvaluationStore>();
        builder.Services.AddSingleton<ScoringUsage>();
        builder.Services.AddJobHandler<EvaluationJob>();
        // The OpenAI client applies EvaluationChat.NetworkTimeout itself. Header values are never logged: they carry the key.
        builder.Services.AddHttpClient<EvaluationChat>(c => c.Timeout = Timeout.InfiniteTimeSpan).RedactLoggedHeaders(_ => true);
        builder.Services.AddScoped<CoachingQueries>();
        builder.Services.AddScoped<AttemptsReport>();
        return builder;
    }
}
