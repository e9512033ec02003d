using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceSite.Data.Migrations.SqlServer
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
                WITH numbered AS (
                    SELECT [Sequence], ROW_NUMBER() OVER (PARTITION BY [ConversationId] ORDER BY [StartedAt], [Sequence], [Id]) AS [Renumbered]
                    FROM [Turns])
                UPDATE numbered SET [Sequence] = [Renumbered];
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
