using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using VoiceSite.Data;

namespace VoiceSite.Hosting;

/// <summary>
/// Sign-in and antiforgery cookies are protected with the data-protection key ring, kept in the application database
/// for every provider: processes that share a database (replicas behind a load balancer, or two processes on one
/// SQLite file) share the keys, so a cookie issued by one is accepted by all. With a certificate configured
/// (<see cref="KeyRingOptions"/>) the keys are encrypted with it at rest.
/// </summary>
public static partial class KeyRingSetup
{
    public const string ApplicationName = "VoiceSite";

    public static WebApplicationBuilder AddKeyRing(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KeyRingOptions>, KeyRingOptionsValidator>();

        // The certificate decides how the key ring is built, so it is read and checked here, at start (as the
        // database provider is), rather than when the first cookie is protected.
        var options = builder.Configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        var provider = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;
        if (KeyRingOptionsValidator.Validate(options, builder.Environment, provider) is { } error)
            throw new OptionsValidationException(nameof(KeyRingOptions), typeof(KeyRingOptions), [error]);

        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToAppDatabase(provider);
        var certificate = options.LoadCertificate(builder.Environment.ContentRootPath);
        if (certificate is not null)
            dataProtection.ProtectKeysWithCertificate(certificate);

        var oldKeysPath = builder.Configuration[$"{KeyRingOptions.Section}:KeysPath"] is not null;
        builder.Services.AddHostedService(sp => new KeyRingStartupReport(
            certificate?.Thumbprint, provider, oldKeysPath, sp.GetRequiredService<IHostEnvironment>(), sp.GetRequiredService<ILogger<KeyRingStartupReport>>()));
        return builder;
    }

    /// <summary>Says at start where the keys are and whether they are protected; warns in Production when they are not.</summary>
    internal sealed partial class KeyRingStartupReport(
        string? thumbprint, DatabaseProvider provider, bool oldKeysPath, IHostEnvironment environment, ILogger<KeyRingStartupReport> logger)
        : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (oldKeysPath)
                KeysPathIgnored(logger);
            if (thumbprint is not null)
                KeyRingProtected(logger, provider, thumbprint);
            else if (environment.IsProduction())
                KeyRingUnprotected(logger, provider);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(9000, LogLevel.Information, "Data-protection keys: in the {Provider} database, protected with the certificate {Thumbprint}")]
        private static partial void KeyRingProtected(ILogger logger, DatabaseProvider provider, string thumbprint);

        [LoggerMessage(9001, LogLevel.Warning, "Data-protection keys: in the {Provider} database, NOT protected at rest; set DataProtection__Certificate or DataProtection__CertificatePath")]
        private static partial void KeyRingUnprotected(ILogger logger, DatabaseProvider provider);

        [LoggerMessage(9002, LogLevel.Warning, "DataProtection__KeysPath is no longer used: the keys are in the database; remove the setting")]
        private static partial void KeysPathIgnored(ILogger logger);
    }
}
