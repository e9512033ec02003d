namespace VoiceSite.Jobs;

public static class JobsSetup
{
    /// <summary>The durable job engine: queue, store and (unless <c>Jobs:Enabled</c> is false) this replica's worker.</summary>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<JobSignal>();
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<JobQueue>();
        if (builder.Configuration.GetValue($"{JobOptions.Section}:{nameof(JobOptions.Enabled)}", true))
            builder.Services.AddHostedService<JobWorker>();
        return builder;
    }

    /// <summary>Registers a job kind's handler.</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services) where THandler : class, IJobHandler =>
        services.AddSingleton<IJobHandler, THandler>();
}
