using Microsoft.AspNetCore.DataProtection;

namespace VoiceSite.Data;

/// <summary>
/// Keeps the data-protection key ring in the application database, in the provider's own derived context
/// (<c>PersistKeysToDbContext</c> resolves a concrete context type from a scope; <see cref="AppDbContext"/> is abstract).
/// </summary>
public static class DataProtectionKeyRing
{
    public static IDataProtectionBuilder PersistKeysToAppDatabase(this IDataProtectionBuilder builder, DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => builder.PersistKeysToDbContext<SqliteAppDbContext>(),
        DatabaseProvider.SqlServer => builder.PersistKeysToDbContext<SqlServerAppDbContext>(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };
}
