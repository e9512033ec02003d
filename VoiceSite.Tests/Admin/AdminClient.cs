using Microsoft.EntityFrameworkCore;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Admin;

/// <summary>Shortcuts for the scenario admin tests.</summary>
internal static class AdminClient
{
    public const string FormId = "scenario-form";

    public static Task<HttpClient> SignInAsync(VoiceSiteFactory factory) =>
        factory.CreateSignedInClientAsync(VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);

    /// <summary>The editor's fields as the page renders them (new scenario when <paramref name="id"/> is null).</summary>
    public static async Task<List<KeyValuePair<string, string>>> EditFormAsync(this HttpClient client, int? id = null) =>
        HtmlForms.Fields(await client.GetPageAsync(id is null ? "/Admin/Scenarios/Edit" : $"/Admin/Scenarios/Edit/{id}"), FormId);

    public static List<KeyValuePair<string, string>> SetParameter(this List<KeyValuePair<string, string>> fields, int index,
        string key, string label, ParameterKind kind = ParameterKind.Text, string? defaultValue = null, string? choices = null, bool required = false)
    {
        var prefix = $"Input.Parameters[{index}]";
        fields.RemoveAll($"{prefix}.");
        fields.Set($"{prefix}.Key", key).Set($"{prefix}.Label", label).Set($"{prefix}.Kind", kind.ToString())
            .Set($"{prefix}.DefaultValue", defaultValue ?? "").Set($"{prefix}.Choices", choices ?? "");
        if (required)
            fields.Set($"{prefix}.Required", "true");
        return fields;
    }

    public static Task<Scenario?> LoadAsync(this VoiceSiteFactory factory, int id) =>
        factory.WithDbAsync(db => db.Scenarios.AsNoTracking().Include(s => s.Parameters.OrderBy(p => p.Position)).SingleOrDefaultAsync(s => s.Id == id));
}
