using VoiceSite.Scenarios;

namespace VoiceSite.Tests.Scenarios;

public sealed class InstructionsTemplateTests
{
    private static readonly Dictionary<string, string> Values = new() { ["name"] = "Sam", ["role"] = "nurse", ["years_2"] = "4" };

    [Fact]
    public void Render_replaces_each_placeholder_with_its_value()
    {
        Assert.Equal("Hello Sam, a nurse with 4 years.", InstructionsTemplate.Render("Hello {{name}}, a {{role}} with {{years_2}} years.", Values));
    }

    [Theory]
    [InlineData("{{ name }}")]
    [InlineData("{{name }}")]
    [InlineData("{{\tname}}")]
    [InlineData("{{NAME}}")]
    public void Render_allows_inner_spaces_and_any_case(string placeholder)
    {
        Assert.Equal("Hi Sam!", InstructionsTemplate.Render($"Hi {placeholder}!", Values));
    }

    [Fact]
    public void Render_fills_repeated_placeholders_and_keeps_unknown_ones_as_written()
    {
        Assert.Equal("Sam, Sam and {{ nobody }}", InstructionsTemplate.Render("{{name}}, {{name}} and {{ nobody }}", Values));
    }

    [Theory]
    [InlineData("{{bad-key}}")]
    [InlineData("{ {name} }")]
    [InlineData("{name}")]
    [InlineData("{{}}")]
    [InlineData("{{na me}}")]
    public void Render_leaves_text_that_is_not_a_placeholder_alone(string text)
    {
        Assert.Equal(text, InstructionsTemplate.Render(text, Values));
        Assert.Empty(InstructionsTemplate.Placeholders(text));
    }

    [Fact]
    public void Render_of_empty_template_is_empty()
    {
        Assert.Equal("", InstructionsTemplate.Render(null, Values));
        Assert.Equal("", InstructionsTemplate.Render("", Values));
    }

    [Fact]
    public void Placeholders_are_distinct_in_order_of_first_use()
    {
        Assert.Equal(["role", "name", "x_1"], InstructionsTemplate.Placeholders("{{role}} {{ name }} {{role}} {{NAME}} {{x_1}}"));
    }

    [Fact]
    public void Check_reports_unknown_placeholders_and_unused_parameters()
    {
        var check = InstructionsTemplate.Check("Hi {{name}}, about {{topic}} and {{ mood }}.", ["name", "role", "Topic"]);
        Assert.Equal(["mood"], check.UnknownPlaceholders);
        Assert.Equal(["role"], check.UnusedParameters);
        Assert.True(check.HasUnknownPlaceholders);
        Assert.False(check.IsClean);
    }

    [Fact]
    public void Check_is_clean_when_every_placeholder_and_parameter_match()
    {
        var check = InstructionsTemplate.Check("{{a}} {{b}}", ["a", "b"]);
        Assert.True(check.IsClean);
        Assert.Empty(check.UnknownPlaceholders);
        Assert.Empty(check.UnusedParameters);
    }

    [Theory]
    [InlineData("name", true)]
    [InlineData("Name_2", true)]
    [InlineData("2x", true)]
    [InlineData("", false)]
    [InlineData("a-b", false)]
    [InlineData("a b", false)]
    [InlineData("é", false)]
    public void Keys_are_letters_digits_and_underscores(string key, bool valid)
    {
        Assert.Equal(valid, InstructionsTemplate.IsValidKey(key));
    }

    [Fact]
    public void Parse_splits_literal_text_and_placeholders()
    {
        var segments = InstructionsTemplate.Parse("A {{ b }} C");
        Assert.Equal([new TemplateSegment("A ", null), new TemplateSegment("{{ b }}", "b"), new TemplateSegment(" C", null)], segments);
    }
}
