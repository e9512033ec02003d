using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceSite.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class UpstreamErrorCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UpstreamErrorCounts",
                columns: table => new
                {
                    Hour = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Service = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Code = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UpstreamErrorCounts", x => new { x.Hour, x.Service, x.Code });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Turns_StartedAt",
                table: "Turns",
                column: "StartedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UpstreamErrorCounts");

            migrationBuilder.DropIndex(
                name: "IX_Turns_StartedAt",
                table: "Turns");
        }
    }
}
