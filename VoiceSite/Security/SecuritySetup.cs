using Microsoft.Extensions.DependencyInjection.Extensions;

namespace VoiceSite.Security;

public static class SecuritySetup
{
    /// <summary>
    /// Secrets kept out of every log line, the voice hub's allowed origins, and the per-client rate limits of sign-in,
    /// registration and conversation creation. The middleware goes in by <see cref="Hosting.WebUiSetup.UseWebUi"/>, in order.
    /// </summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        var secrets = new SecretValues(builder.Configuration);
        builder.Services.AddSingleton(secrets);
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(services =>
            new RedactingLoggerFactory(RedactingLoggerFactory.CreateInner(services), secrets)));

        builder.Services.AddOptions<OriginOptions>().Configure<IConfiguration>((o, configuration) => o.Load(configuration)).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<OriginOptions>, OriginOptionsValidator>();
        builder.Services.AddRequestRateLimits();
        return builder;
    }
}
