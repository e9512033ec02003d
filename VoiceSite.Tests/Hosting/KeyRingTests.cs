using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Hosting;

/// <summary>
/// The data-protection key ring lives in the database: two site instances on one SQLite file accept each other's
/// sign-in cookies and antiforgery tokens; an instance on another database does not. With a certificate the keys
/// are stored encrypted, and only an instance holding that certificate can use them.
/// </summary>
public sealed class KeyRingTests
{
    private const string Password = "User-pass-1";

    /// <summary>A site instance; with <paramref name="shareWith"/>, on that instance's database file.</summary>
    private static VoiceSiteFactory Site(VoiceSiteFactory? shareWith = null, string? certificate = null)
    {
        var site = new VoiceSiteFactory();
        if (shareWith is not null)
            site.Settings["ConnectionStrings:Default"] = $"Data Source={Path.Combine(shareWith.DataDirectory, "voicesite.db")}";
        if (certificate is not null)
            site.Settings["DataProtection:Certificate"] = certificate;
        _ = site.Services; // start now, in order: the first instance migrates and seeds
        return site;
    }

    /// <summary>A client of <paramref name="site"/> keeping its cookies in <paramref name="cookies"/> (shared between sites: all are "localhost").</summary>
    private static HttpClient Client(VoiceSiteFactory site, CookieContainer cookies) => site.CreateDefaultClient(new CookieContainerHandler(cookies));

    private static async Task<bool> IsSignedInAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/Conversations");
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static string NewCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=VoiceSite test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pfx));
    }

    private static Task<List<string>> KeyXmlAsync(VoiceSiteFactory site) =>
        site.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync());

    [Fact]
    public async Task Two_instances_on_one_database_accept_each_others_cookies_and_another_database_does_not()
    {
        await using var first = Site();
        await using var second = Site(shareWith: first);
        await using var elsewhere = Site();
        var email = $"keyring-{Guid.NewGuid():N}@test.local";
        await first.CreateUserAsync(email, Password);

        // Signed in through the first: the cookie works on the second, not on an instance with its own database.
        var cookies = new CookieContainer();
        using (var client = Client(first, cookies))
            await client.SignInAsync(email, Password);
        using (var client = Client(second, cookies))
            Assert.True(await IsSignedInAsync(client), "The second instance rejected the first's sign-in cookie.");
        using (var client = Client(elsewhere, cookies))
            Assert.False(await IsSignedInAsync(client), "An instance with its own database accepted the cookie: the test proves nothing.");

        // The other way round, and the sign-in form's antiforgery token comes from the first and is posted to the second.
        var other = new CookieContainer();
        using (var firstClient = Client(first, other))
        using (var secondClient = Client(second, other))
        {
            var form = await firstClient.GetPageAsync("/Account/Login");
            using var response = await secondClient.PostFormAsync("/Account/Login",
                [new("Email", email), new("Password", Password), new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(form))]);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.True(await IsSignedInAsync(firstClient), "The first instance rejected the second's sign-in cookie.");
        }

        // One key ring, in the database: one key, made by whichever instance needed it first.
        Assert.Single(await KeyXmlAsync(first));
    }

    [Fact]
    public async Task With_a_certificate_the_keys_are_stored_encrypted_and_only_that_certificate_opens_them()
    {
        var certificate = NewCertificate();
        await using var first = Site(certificate: certificate);
        await using var second = Site(shareWith: first, certificate: certificate);
        await using var wrongCertificate = Site(shareWith: first, certificate: NewCertificate());
        var email = $"keyring-{Guid.NewGuid():N}@test.local";
        await first.CreateUserAsync(email, Password);

        var cookies = new CookieContainer();
        using (var client = Client(first, cookies))
            await client.SignInAsync(email, Password);
        using (var client = Client(second, cookies))
            Assert.True(await IsSignedInAsync(client), "An instance with the same certificate rejected the cookie.");
        using (var client = Client(wrongCertificate, cookies))
            Assert.False(await IsSignedInAsync(client), "An instance with another certificate accepted the cookie.");

        // The instance with the wrong certificate could not read the key, so it made one of its own (which the
        // others cannot read either); every key in the ring is encrypted, none is in plain XML.
        var keys = await KeyXmlAsync(first);
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedXmlDecryptor", xml, StringComparison.Ordinal);
            Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Without_a_certificate_the_keys_are_stored_in_plain_xml()
    {
        // The counterpart of the test above: the same checks tell an unprotected key apart.
        await using var site = Site();
        var (_, client) = await site.CreateSignedInUserAsync();
        client.Dispose();
        var xml = Assert.Single(await KeyXmlAsync(site));
        Assert.Contains("<masterKey", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<EncryptedData", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_SQL_Server_refuses_to_start_without_a_certificate()
    {
        await using var site = new ProductionSite();
        site.Settings["Database:Provider"] = "SqlServer";
        site.Settings["ConnectionStrings:Default"] = "Server=127.0.0.1,1;Database=never-opened;Encrypt=False";
        var error = Assert.Throws<OptionsValidationException>(() => site.Services);
        Assert.Contains("DataProtection__Certificate", error.Message, StringComparison.Ordinal);
        Assert.Contains("Production", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_SQLite_starts_without_a_certificate()
    {
        await using var site = new ProductionSite();
        using var client = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);
    }

    [Theory]
    [InlineData("not base64 at all!", "is not base64")]
    [InlineData("bm90IGEgcGZ4IGZpbGU=", "is not a PFX")]
    public async Task A_bad_certificate_stops_the_start_with_a_message_that_does_not_repeat_it(string value, string expected)
    {
        await using var site = new VoiceSiteFactory();
        site.Settings["DataProtection:Certificate"] = value;
        var error = Assert.Throws<OptionsValidationException>(() => site.Services);
        Assert.Contains("DataProtection__Certificate " + expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_file_with_a_password_is_used()
    {
        var directory = Directory.CreateTempSubdirectory("voicesite-cert-");
        try
        {
            using var rsa = RSA.Create(2048);
            using var certificate = new CertificateRequest("CN=VoiceSite test file", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            var path = Path.Combine(directory.FullName, "dp.pfx");
            await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "pfx-pass-1"));

            await using var site = new VoiceSiteFactory();
            site.Settings["DataProtection:CertificatePath"] = path;
            site.Settings["DataProtection:CertificatePassword"] = "pfx-pass-1";
            var (_, client) = await site.CreateSignedInUserAsync();
            client.Dispose();
            var xml = Assert.Single(await KeyXmlAsync(site));
            // Encrypted to this certificate: the key names it (the public part) in its EncryptedKey.
            Assert.Contains($"<X509Certificate>{Convert.ToBase64String(certificate.RawData)}</X509Certificate>", xml, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The site in the Production environment (simulator still on, so no Azure settings are needed).</summary>
    private sealed class ProductionSite : VoiceSiteFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            // The simulator stands in for Azure here, which Production allows only with a private key.
            builder.UseSetting("Simulator:ApiKey", "a-private-simulator-key-for-tests");
        }
    }
}
