namespace VoiceSite.Conversations;

public static class ConversationsSetup
{
    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ConversationService>();
        return builder;
    }
}
