using VoiceSite.Data.Entities;
using VoiceSite.Scenarios;
using VoiceSite.Voice.Pipeline;

namespace VoiceSite.Tests.Scenarios;

public sealed class ScenarioInputValidatorTests
{
    private static ScenarioInput ValidInput() => new()
    {
        Name = "Shop",
        InstructionsTemplate = "Sell {{item}} to the customer.",
        RealtimeVoice = "alloy",
        PipelineVoice = "en-US-AvaMultilingualNeural",
        Parameters = [new ParameterInput { Key = "item", Label = "Item", Kind = ParameterKind.Choice, Choices = "apples, pears", DefaultValue = "pears" }],
    };

    private static ScenarioValidation Validate(ScenarioInput input) =>
        ScenarioInputValidator.Validate(input, VoiceCatalog.RealtimeVoices, VoiceCatalog.Options(NeuralVoiceList.Fallback));

    private static Dictionary<string, string> Errors(ScenarioInput input) =>
        Validate(input).Errors.ToDictionary(e => e.Field, e => e.Message);

    [Fact]
    public void A_complete_form_is_valid()
    {
        var validation = Validate(ValidInput());
        Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
        Assert.Empty(validation.Warnings);
    }

    [Fact]
    public void Unknown_placeholder_is_an_error_and_unused_parameter_a_warning()
    {
        var input = ValidInput();
        input.InstructionsTemplate = "Sell {{fruit}}.";
        var validation = Validate(input);
        Assert.Contains("{{fruit}}", Errors(input)["InstructionsTemplate"], StringComparison.Ordinal);
        Assert.Equal(["Parameter \"item\" is never used in the instructions."], validation.Warnings);
    }

    [Fact]
    public void Parameter_rows_are_checked()
    {
        var input = ValidInput();
        input.InstructionsTemplate = "{{item}} {{Item}} {{n}}";
        input.Parameters.Add(new ParameterInput { Key = "Item", Label = "Again" });
        input.Parameters.Add(new ParameterInput { Key = "bad key", Label = "" });
        input.Parameters.Add(new ParameterInput { Key = "n", Label = "N", Kind = ParameterKind.Number, DefaultValue = "x" });
        input.Parameters.Add(new ParameterInput { Key = "c", Label = "C", Kind = ParameterKind.Choice, Choices = " , " });
        input.Parameters.Add(new ParameterInput { Key = "d", Label = "D", Kind = ParameterKind.Choice, Choices = "a,b", DefaultValue = "z" });
        var errors = Errors(input);
        Assert.Contains("already uses", errors["Parameters[1].Key"], StringComparison.Ordinal);
        Assert.Contains("letters, digits and underscores", errors["Parameters[2].Key"], StringComparison.Ordinal);
        Assert.True(errors.ContainsKey("Parameters[2].Label"));
        Assert.Contains("number", errors["Parameters[3].DefaultValue"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("at least one choice", errors["Parameters[4].Choices"], StringComparison.Ordinal);
        Assert.Contains("a, b", errors["Parameters[5].DefaultValue"], StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_fields_are_checked()
    {
        var input = ValidInput();
        input.Name = " ";
        input.InstructionsTemplate = "";
        input.Parameters.Clear();
        input.RealtimeVoice = "robot";
        input.PipelineVoice = "en-US-Nobody";
        input.VadThreshold = 1.5;
        input.PrefixPaddingMs = -1;
        input.SilenceDurationMs = 60_000;
        input.TurnDetection = (TurnDetectionKind)7;
        Assert.Equal(
            ["Name", "InstructionsTemplate", "RealtimeVoice", "PipelineVoice", "TurnDetection", "VadThreshold", "PrefixPaddingMs", "SilenceDurationMs"],
            Validate(input).Errors.Select(e => e.Field));
    }

    [Fact]
    public void Normalize_drops_blank_rows_and_trims()
    {
        var input = ValidInput();
        input.Name = "  Shop  ";
        input.Parameters.Add(new ParameterInput { Kind = ParameterKind.Number, Required = true });
        input.Parameters[0].Key = " item ";
        input.Normalize();
        Assert.Equal("Shop", input.Name);
        Assert.Single(input.Parameters);
        Assert.Equal("item", input.Parameters[0].Key);
    }

    [Fact]
    public void Preview_fills_sample_values_and_marks_unknown_placeholders()
    {
        var input = ValidInput();
        input.InstructionsTemplate = "Sell {{ item }} to {{who}}.";
        var preview = ScenarioPreview.For(input);
        Assert.Equal("Sell pears to {{who}}.", preview.Text);
        Assert.Contains(preview.Segments, s => s is { Kind: PreviewSegmentKind.Value, Text: "pears" });
        Assert.Contains(preview.Segments, s => s is { Kind: PreviewSegmentKind.Unknown, Text: "{{who}}" });
        Assert.Equal(["who"], preview.Check.UnknownPlaceholders);
    }
}
