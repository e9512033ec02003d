namespace VoiceSite.Voice.Upstream;

/// <summary>
/// Registered when something stands in for upstream services that have no settings (the built-in simulator
/// outside Production). Without one, a mode that is switched on but not configured is a start-up error.
/// </summary>
public interface IUpstreamFallback;
