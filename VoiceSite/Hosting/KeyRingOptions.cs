using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using VoiceSite.Data;

namespace VoiceSite.Hosting;

/// <summary>
/// The data-protection key ring (sign-in and antiforgery cookies). The keys live in the database; these settings
/// protect them at rest with a certificate: <c>DataProtection__Certificate</c> (a base64 PFX, as a Key Vault
/// certificate's secret holds it) or <c>DataProtection__CertificatePath</c> (a PFX file), with
/// <c>DataProtection__CertificatePassword</c> when the PFX has one.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    public string? Certificate { get; set; }
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }

    public bool HasCertificate => !string.IsNullOrWhiteSpace(Certificate) || !string.IsNullOrWhiteSpace(CertificatePath);

    /// <summary>
    /// The configured certificate, or null when none is. Throws <see cref="KeyRingCertificateException"/> with a
    /// message that names the setting and never contains the certificate, its password or its path's content.
    /// </summary>
    public X509Certificate2? LoadCertificate(string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(Certificate) && !string.IsNullOrWhiteSpace(CertificatePath))
            throw new KeyRingCertificateException("Set DataProtection__Certificate or DataProtection__CertificatePath, not both.");
        X509Certificate2 certificate;
        if (!string.IsNullOrWhiteSpace(Certificate))
        {
            byte[] pfx;
            try { pfx = Convert.FromBase64String(Certificate.Trim()); }
            catch (FormatException) { throw new KeyRingCertificateException("DataProtection__Certificate is not base64 (a PFX, as Key Vault gives a certificate's secret)."); }
            certificate = Load(() => X509CertificateLoader.LoadPkcs12(pfx, CertificatePassword, X509KeyStorageFlags.EphemeralKeySet), "DataProtection__Certificate");
        }
        else if (!string.IsNullOrWhiteSpace(CertificatePath))
        {
            var path = Path.Combine(contentRoot, CertificatePath);
            if (!File.Exists(path))
                throw new KeyRingCertificateException($"DataProtection__CertificatePath names a file that does not exist: {path}");
            certificate = Load(() => X509CertificateLoader.LoadPkcs12FromFile(path, CertificatePassword, X509KeyStorageFlags.EphemeralKeySet), "DataProtection__CertificatePath");
        }
        else
        {
            return null;
        }

        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
        {
            certificate.Dispose();
            throw new KeyRingCertificateException("The data-protection certificate must carry an RSA private key.");
        }
        return certificate;
    }

    private static X509Certificate2 Load(Func<X509Certificate2> load, string setting)
    {
        try { return load(); }
        catch (CryptographicException) { throw new KeyRingCertificateException($"{setting} is not a PFX that opens with DataProtection__CertificatePassword (or without a password)."); }
    }
}

public sealed class KeyRingCertificateException(string message) : Exception(message);

/// <summary>
/// Production with the shared SQL Server database needs the certificate: there the keys would otherwise sit unencrypted
/// in a database that backups, replicas and its administrators can read. With SQLite (one machine, the file next to
/// the app) a missing certificate is a warning at start, not an error.
/// </summary>
internal sealed class KeyRingOptionsValidator(IHostEnvironment environment, IOptions<DatabaseOptions> database) : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions options) =>
        Validate(options, environment, database.Value.Provider) is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;

    public static string? Validate(KeyRingOptions options, IHostEnvironment environment, DatabaseProvider provider)
    {
        if (!options.HasCertificate)
            return RequiresCertificate(environment, provider)
                ? "DataProtection__Certificate (a base64 PFX, e.g. a Key Vault certificate by secret reference) or DataProtection__CertificatePath "
                  + "is required in Production with Database__Provider=SqlServer: the sign-in key ring in the shared database must be protected at rest."
                : null;
        try
        {
            using var certificate = options.LoadCertificate(environment.ContentRootPath);
            return null;
        }
        catch (KeyRingCertificateException e)
        {
            return e.Message;
        }
    }

    public static bool RequiresCertificate(IHostEnvironment environment, DatabaseProvider provider) =>
        environment.IsProduction() && provider == DatabaseProvider.SqlServer;
}
