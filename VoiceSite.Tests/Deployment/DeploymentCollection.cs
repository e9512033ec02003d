namespace VoiceSite.Tests.Deployment;

/// <summary>
/// The deployment tests run the Bicep CLI and a whole Release publish, which take both cores for a while: they run on
/// their own, not beside tests that measure time (realtime renewal, latencies), which they could starve.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeploymentCollection
{
    public const string Name = "Deployment (not in parallel)";
}
