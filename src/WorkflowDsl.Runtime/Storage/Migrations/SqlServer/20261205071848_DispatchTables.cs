using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowDsl.Runtime.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DispatchTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dispatch_attempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    OutboxMessageId = table.Column<long>(type: "bigint", nullable: false),
                    Channel = table.Column<int>(type: "int", nullable: false),
                    AttemptNumber = table.Column<int>(type: "int", nullable: false),
                    State = table.Column<int>(type: "int", nullable: false),
                    ProviderId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    Reason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    ClaimedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RetryNotBefore = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dispatch_attempts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dispatch_done",
                columns: table => new
                {
                    OutboxMessageId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dispatch_done", x => x.OutboxMessageId);
                });

            migrationBuilder.CreateTable(
                name: "dispatch_opt_outs",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Channel = table.Column<int>(type: "int", nullable: false),
                    Source = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    OutboxMessageId = table.Column<long>(type: "bigint", nullable: true),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dispatch_opt_outs", x => new { x.UserId, x.Channel });
                });

            migrationBuilder.CreateTable(
                name: "dispatch_tracking",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Kind = table.Column<byte>(type: "tinyint", nullable: false),
                    OutboxMessageId = table.Column<long>(type: "bigint", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Url = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UserAgent = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dispatch_tracking", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dispatch_attempts_OutboxMessageId_Channel_AttemptNumber",
                table: "dispatch_attempts",
                columns: new[] { "OutboxMessageId", "Channel", "AttemptNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_dispatch_attempts_ProviderId",
                table: "dispatch_attempts",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_dispatch_attempts_State",
                table: "dispatch_attempts",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_dispatch_tracking_OutboxMessageId_Kind",
                table: "dispatch_tracking",
                columns: new[] { "OutboxMessageId", "Kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dispatch_attempts");

            migrationBuilder.DropTable(
                name: "dispatch_done");

            migrationBuilder.DropTable(
                name: "dispatch_opt_outs");

            migrationBuilder.DropTable(
                name: "dispatch_tracking");
        }
    }
}
