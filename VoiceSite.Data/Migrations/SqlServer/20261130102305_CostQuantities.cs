using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceSite.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CostQuantities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SttAudioMs",
                table: "Turns",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TtsCharacters",
                table: "Turns",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ScoringInputTokens",
                table: "Conversations",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ScoringOutputTokens",
                table: "Conversations",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_FinishedAt",
                table: "Conversations",
                column: "FinishedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Conversations_FinishedAt",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "SttAudioMs",
                table: "Turns");

            migrationBuilder.DropColumn(
                name: "TtsCharacters",
                table: "Turns");

            migrationBuilder.DropColumn(
                name: "ScoringInputTokens",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "ScoringOutputTokens",
                table: "Conversations");
        }
    }
}
