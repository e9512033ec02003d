using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceSite.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UniqueTurnSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Two live sessions on one conversation could store the same Sequence twice: renumber every
            // conversation's turns in spoken order (StartedAt, then the old Sequence, then Id) first.
            migrationBuilder.Sql("""
                UPDATE "Turns" SET "Sequence" = (
                    SELECT COUNT(*) FROM "Turns" AS o
                    WHERE o."ConversationId" = "Turns"."ConversationId"
                      AND (o."StartedAt" < "Turns"."StartedAt"
                           OR (o."StartedAt" = "Turns"."StartedAt" AND o."Sequence" < "Turns"."Sequence")
                           OR (o."StartedAt" = "Turns"."StartedAt" AND o."Sequence" = "Turns"."Sequence" AND o."Id" <= "Turns"."Id")));
                """);
            migrationBuilder.CreateIndex(
                name: "IX_Turns_ConversationId_Sequence",
                table: "Turns",
                columns: new[] { "ConversationId", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Turns_ConversationId_Sequence",
                table: "Turns");
        }
    }
}
