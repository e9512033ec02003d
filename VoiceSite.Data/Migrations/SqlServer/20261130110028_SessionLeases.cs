using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceSite.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SessionLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "VoiceSessionLeases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Slot = table.Column<int>(type: "int", nullable: false),
                    ReplicaId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ConnectionId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Mode = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VoiceSessionLeases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VoiceSessionLeases_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VoiceSessionStarts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VoiceSessionStarts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VoiceSessionStarts_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_VoiceSessionLeases_ExpiresAt",
                table: "VoiceSessionLeases",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_VoiceSessionLeases_UserId_Slot",
                table: "VoiceSessionLeases",
                columns: new[] { "UserId", "Slot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VoiceSessionStarts_StartedAt",
                table: "VoiceSessionStarts",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_VoiceSessionStarts_UserId_StartedAt",
                table: "VoiceSessionStarts",
                columns: new[] { "UserId", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "VoiceSessionLeases");

            migrationBuilder.DropTable(
                name: "VoiceSessionStarts");
        }
    }
}
