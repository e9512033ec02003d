namespace VoiceSite.Data.Entities;

public static class Roles
{
    public const string Admin = "Admin";
}
