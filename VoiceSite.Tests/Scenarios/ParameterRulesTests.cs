using VoiceSite.Data.Entities;
using VoiceSite.Scenarios;

namespace VoiceSite.Tests.Scenarios;

public sealed class ParameterRulesTests
{
    private static readonly ScenarioParameter[] Parameters =
    [
        new() { Key = "name", Label = "Name", Kind = ParameterKind.Text, Required = true },
        new() { Key = "years", Label = "Years", Kind = ParameterKind.Number, Required = false },
        new() { Key = "level", Label = "Level", Kind = ParameterKind.Choice, Choices = ["easy", "hard"], Required = true },
    ];

    [Theory]
    [InlineData("3", true)]
    [InlineData("-2.5", true)]
    [InlineData("1e3", true)]
    [InlineData("2,5", false)]
    [InlineData("three", false)]
    [InlineData("NaN", false)]
    [InlineData("Infinity", false)]
    public void Numbers_are_read_in_the_invariant_culture(string value, bool valid)
    {
        Assert.Equal(valid, ParameterRules.IsNumber(value));
    }

    [Fact]
    public void Choices_split_on_commas_and_newlines()
    {
        Assert.Equal(["a", "b c", "d"], ParameterRules.ParseChoices(" a, b c\r\n\nd ,a,"));
        Assert.Equal("a, b", ParameterRules.FormatChoices(["a", "b"]));
        Assert.Equal("1,5\n2", ParameterRules.FormatChoices(["1,5", "2"]));
    }

    [Fact]
    public void Sample_value_is_default_then_first_choice_then_label()
    {
        Assert.Equal("x", ParameterRules.SampleValue("Label", "x", ["a"]));
        Assert.Equal("a", ParameterRules.SampleValue("Label", null, ["a", "b"]));
        Assert.Equal("[Label]", ParameterRules.SampleValue("Label", " ", []));
    }

    [Fact]
    public void Valid_values_pass_and_optional_blank_is_empty()
    {
        var result = ParameterRules.Validate(Parameters, new Dictionary<string, string?> { ["name"] = " Sam ", ["level"] = "hard", ["extra"] = "ignored" });
        Assert.True(result.IsValid);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "Sam", ["years"] = "", ["level"] = "hard" }, result.Values);
    }

    [Fact]
    public void Missing_required_bad_number_and_bad_choice_are_errors_per_field()
    {
        var result = ParameterRules.Validate(Parameters, new Dictionary<string, string?> { ["name"] = "  ", ["years"] = "many", ["level"] = "HARD" });
        Assert.False(result.IsValid);
        Assert.Equal("Name is required.", result.Errors["name"]);
        Assert.Contains("number", result.Errors["years"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("easy, hard", result.Errors["level"], StringComparison.Ordinal);
    }
}
