using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace VoiceSite.Simulator.Chat;

public static class ChatSimulatorEndpoints
{
    /// <summary>
    /// Maps the simulated chat completions under <see cref="SimulatorEndpoints.OpenAIPath"/>:
    /// <c>openai/deployments/{deployment}/chat/completions?api-version=...</c> (what <c>AzureOpenAIClient</c> 2.9 calls for a
    /// chat client), <c>openai/v1/chat/completions</c> (Azure's OpenAI-compatible v1 API) and <c>v1/chat/completions</c>
    /// (plain OpenAI). Anonymous: they check <c>api-key</c> (or <c>Authorization: Bearer</c>) themselves.
    /// </summary>
    public static IEndpointRouteBuilder MapChatSimulator(this IEndpointRouteBuilder app)
    {
        app.MapPost(SimulatorEndpoints.OpenAIPath + "/openai/deployments/{deployment}/chat/completions", ChatCompletionsSimulator.HandleAsync)
            .AllowAnonymous();
        app.MapPost(SimulatorEndpoints.OpenAIPath + "/openai/v1/chat/completions", ChatCompletionsSimulator.HandleAsync)
            .AllowAnonymous();
        app.MapPost(SimulatorEndpoints.OpenAIPath + "/v1/chat/completions", ChatCompletionsSimulator.HandleAsync)
            .AllowAnonymous();
        return app;
    }
}
