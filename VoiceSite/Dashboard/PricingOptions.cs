using System.ComponentModel.DataAnnotations;
using VoiceSite.Data.Entities;

namespace VoiceSite.Dashboard;

/// <summary>
/// Prices (section <c>Pricing</c>) for the dashboard's estimated cost per scenario, covering what a conversation is billed for:
/// <list type="bullet">
/// <item>the AI's replies: realtime turns at the realtime model's prices per million tokens (<see cref="Realtime"/>, default
/// the list price of gpt-realtime audio, 32 / 64 USD), pipeline turns at the chat model's (<see cref="Pipeline"/>, default
/// gpt-4o-mini's, 0.15 / 0.60 USD);</item>
/// <item>Classic (pipeline) speech: speech to text per hour of audio sent (<see cref="SpeechToTextPerHour"/>, default Azure
/// Speech standard real-time transcription's list price, about 1 USD an hour) and text to speech per million characters
/// (<see cref="TextToSpeechPer1MCharacters"/>, default the neural voices' list price, about 15 USD);</item>
/// <item>the chat calls scoring a finished conversation for its feedback (<see cref="Scoring"/>): they use the chat
/// deployment, so the default is the same as <see cref="Pipeline"/>'s; set both when you change one.</item>
/// </list>
/// Set your own (contract prices, other models, another currency). Realtime mode's own transcription of the user's speech
/// (billed by the transcription model) is not included.
/// </summary>
public sealed class PricingOptions : IValidatableObject
{
    public const string Section = "Pricing";

    /// <summary>Largest price accepted per million tokens or characters (a typo guard).</summary>
    public const decimal MaxPer1M = 10_000m;

    /// <summary>Largest price accepted per audio hour (a typo guard).</summary>
    public const decimal MaxPerHour = 1_000m;

    public ModelPrice Realtime { get; set; } = new() { InputPer1M = 32m, OutputPer1M = 64m };

    public ModelPrice Pipeline { get; set; } = new() { InputPer1M = 0.15m, OutputPer1M = 0.60m };

    /// <summary>The scoring (feedback) job's chat calls: the chat deployment's prices, as <see cref="Pipeline"/> by default.</summary>
    public ModelPrice Scoring { get; set; } = new() { InputPer1M = 0.15m, OutputPer1M = 0.60m };

    /// <summary>Speech to text (Classic mode), per hour of audio sent.</summary>
    public decimal SpeechToTextPerHour { get; set; } = 1m;

    /// <summary>Text to speech (Classic mode), per million characters synthesised.</summary>
    public decimal TextToSpeechPer1MCharacters { get; set; } = 15m;

    /// <summary>What the prices are in (shown beside the figures): a three-letter code.</summary>
    [Required]
    [RegularExpression("^[A-Z]{3}$", ErrorMessage = "Pricing:Currency must be a three-letter currency code such as USD or EUR.")]
    public string Currency { get; set; } = "USD";

    public ModelPrice For(VoiceMode mode) => mode == VoiceMode.Realtime ? Realtime : Pipeline;

    /// <summary>Speech to text of <paramref name="audioMs"/> ms of audio.</summary>
    public decimal SpeechToTextCost(long audioMs) => audioMs * SpeechToTextPerHour / 3_600_000m;

    /// <summary>Text to speech of <paramref name="characters"/> characters.</summary>
    public decimal TextToSpeechCost(long characters) => characters * TextToSpeechPer1MCharacters / 1_000_000m;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, price) in new[] { (nameof(Realtime), Realtime), (nameof(Pipeline), Pipeline), (nameof(Scoring), Scoring) })
        {
            foreach (var (side, value) in new[] { (nameof(ModelPrice.InputPer1M), price.InputPer1M), (nameof(ModelPrice.OutputPer1M), price.OutputPer1M) })
            {
                if (value is < 0 or > MaxPer1M)
                    yield return new ValidationResult($"Pricing:{name}:{side} must be a price per million tokens from 0 to {MaxPer1M}.", [name]);
            }
        }
        if (SpeechToTextPerHour is < 0 or > MaxPerHour)
            yield return new ValidationResult(
                $"Pricing:{nameof(SpeechToTextPerHour)} must be a price per hour of audio from 0 to {MaxPerHour}.", [nameof(SpeechToTextPerHour)]);
        if (TextToSpeechPer1MCharacters is < 0 or > MaxPer1M)
            yield return new ValidationResult(
                $"Pricing:{nameof(TextToSpeechPer1MCharacters)} must be a price per million characters from 0 to {MaxPer1M}.", [nameof(TextToSpeechPer1MCharacters)]);
    }
}

/// <summary>A model's prices per million tokens.</summary>
public sealed class ModelPrice
{
    public decimal InputPer1M { get; set; }
    public decimal OutputPer1M { get; set; }

    public decimal Cost(long inputTokens, long outputTokens) => (inputTokens * InputPer1M + outputTokens * OutputPer1M) / 1_000_000m;
}
