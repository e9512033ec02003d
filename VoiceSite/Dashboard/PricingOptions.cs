using System.ComponentModel.DataAnnotations;
using VoiceSite.Data.Entities;

namespace VoiceSite.Dashboard;

/// <summary>
/// Model prices per million tokens (section <c>Pricing</c>), for the dashboard's estimated cost per scenario. Realtime
/// turns are priced at the realtime model's rates, pipeline turns at the chat model's. The defaults are list prices of
/// gpt-realtime audio and gpt-4o-mini; set your own (contract prices, another model or currency). Speech to text and
/// text to speech are billed per audio hour and character, not per token, and are not included.
/// </summary>
public sealed class PricingOptions : IValidatableObject
{
    public const string Section = "Pricing";

    /// <summary>Largest price accepted per million tokens (a typo guard).</summary>
    public const decimal MaxPer1M = 10_000m;

    public ModelPrice Realtime { get; set; } = new() { InputPer1M = 32m, OutputPer1M = 64m };

    public ModelPrice Pipeline { get; set; } = new() { InputPer1M = 0.15m, OutputPer1M = 0.60m };

    /// <summary>What the prices are in (shown beside the figures): a three-letter code.</summary>
    [Required]
    [RegularExpression("^[A-Z]{3}$", ErrorMessage = "Pricing:Currency must be a three-letter currency code such as USD or EUR.")]
    public string Currency { get; set; } = "USD";

    public ModelPrice For(VoiceMode mode) => mode == VoiceMode.Realtime ? Realtime : Pipeline;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, price) in new[] { (nameof(Realtime), Realtime), (nameof(Pipeline), Pipeline) })
        {
            foreach (var (side, value) in new[] { (nameof(ModelPrice.InputPer1M), price.InputPer1M), (nameof(ModelPrice.OutputPer1M), price.OutputPer1M) })
            {
                if (value is < 0 or > MaxPer1M)
                    yield return new ValidationResult($"Pricing:{name}:{side} must be a price per million tokens from 0 to {MaxPer1M}.", [name]);
            }
        }
    }
}

/// <summary>A model's prices per million tokens.</summary>
public sealed class ModelPrice
{
    public decimal InputPer1M { get; set; }
    public decimal OutputPer1M { get; set; }

    public decimal Cost(long inputTokens, long outputTokens) => (inputTokens * InputPer1M + outputTokens * OutputPer1M) / 1_000_000m;
}
