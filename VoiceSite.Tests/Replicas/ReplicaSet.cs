using System.Net;
using Microsoft.Data.Sqlite;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Replicas;

/// <summary>Two site processes on one shared SQLite database behind one proxy: a deployment with two replicas.</summary>
public sealed class ReplicaSet : IAsyncDisposable
{
    private ReplicaSet(string folder, SiteReplica a, SiteReplica b, ReplicaProxy proxy)
    {
        Folder = folder;
        Replicas = [a, b];
        Proxy = proxy;
    }

    public string Folder { get; }
    public IReadOnlyList<SiteReplica> Replicas { get; }
    public ReplicaProxy Proxy { get; }
    public Uri Address => Proxy.Address;

    /// <summary>Starts both replicas with the same extra <paramref name="settings"/> (environment names, e.g. <c>VoiceLimits__CheckInterval</c>).</summary>
    public static async Task<ReplicaSet> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var folder = Directory.CreateTempSubdirectory("voicesite-replicas-").FullName;
        var database = $"Data Source={Path.Combine(folder, "shared.db")}";
        // One after the other: the first creates and migrates the database, the second finds it ready.
        var a = await SiteReplica.StartAsync("a", database, folder, settings);
        var b = await SiteReplica.StartAsync("b", database, folder, settings);
        return new ReplicaSet(folder, a, b, await ReplicaProxy.StartAsync(a, b));
    }

    /// <summary>The replica whose log shows a session started for the conversation (the one holding its socket).</summary>
    public SiteReplica HolderOf(Guid conversation) =>
        Replicas.Last(r => r.Logged($"session started for conversation {conversation}"));

    /// <summary>A client signed in through the proxy (the cookie then works on any replica), without following redirects.</summary>
    public async Task<(HttpClient Client, CookieContainer Cookies)> SignInAsync()
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Address };
        await client.SignInAsync(VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        return (client, cookies);
    }

    /// <summary>Starts a conversation from the first published scenario through its real start form; returns its id.</summary>
    public static async Task<Guid> StartConversationAsync(HttpClient client)
    {
        var scenarios = await client.GetPageAsync("/Scenarios");
        var start = System.Text.RegularExpressions.Regex.Match(scenarios, "href=\"(/Scenarios/Start/\\d+)\"").Groups[1].Value;
        Assert.NotEmpty(start);
        var form = await client.GetPageAsync(start);
        // A person fills in what has no default (the demo scenario asks for a name).
        var fields = HtmlForms.Fields(form, "start-form")
            .Select(f => f.Value.Length == 0 && f.Key.StartsWith("Values[", StringComparison.Ordinal) ? new KeyValuePair<string, string>(f.Key, "Sam") : f)
            .ToList();
        using var response = await client.PostFormAsync(start, fields);
        var target = response.RedirectTarget() ?? throw new Xunit.Sdk.XunitException($"The start form answered {(int)response.StatusCode}.");
        return Guid.Parse(target.Split('/')[^1]);
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        foreach (var replica in Replicas)
            await replica.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
