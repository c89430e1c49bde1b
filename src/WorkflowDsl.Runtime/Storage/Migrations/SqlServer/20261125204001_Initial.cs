using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowDsl.Runtime.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "administrator_scopes",
                columns: table => new
                {
                    AdministratorId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    OrgUnitId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_administrator_scopes", x => new { x.AdministratorId, x.OrgUnitId });
                });

            migrationBuilder.CreateTable(
                name: "administrators",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    IsSuperAdministrator = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_administrators", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "assignments",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    ContentId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Kind = table.Column<int>(type: "int", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assignments", x => new { x.UserId, x.ContentId, x.Kind });
                });

            migrationBuilder.CreateTable(
                name: "completions",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    ContentId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_completions", x => new { x.UserId, x.ContentId });
                });

            migrationBuilder.CreateTable(
                name: "contents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Link = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "org_units",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    ParentId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    Name = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Path = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_org_units", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    WorkflowId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    RunId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RecipientKind = table.Column<int>(type: "int", nullable: false),
                    RecipientId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    StepKey = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Repeat = table.Column<int>(type: "int", nullable: false),
                    Batch = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    TemplateId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Channels = table.Column<int>(type: "int", nullable: false),
                    SkippedChannels = table.Column<int>(type: "int", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ListedUsers = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "run_issues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    RunId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Code = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    StepKey = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Channel = table.Column<int>(type: "int", nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false),
                    SampleUserIds = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    Message = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_run_issues", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WorkflowId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Trigger = table.Column<int>(type: "int", nullable: false),
                    StartedBy = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Outcome = table.Column<int>(type: "int", nullable: false),
                    Targets = table.Column<int>(type: "int", nullable: false),
                    NewUsers = table.Column<int>(type: "int", nullable: false),
                    CompletedUsers = table.Column<int>(type: "int", nullable: false),
                    UserMessages = table.Column<int>(type: "int", nullable: false),
                    DigestMessages = table.Column<int>(type: "int", nullable: false),
                    FirstMessagesEmailPush = table.Column<int>(type: "int", nullable: false),
                    FirstMessagesSms = table.Column<int>(type: "int", nullable: false),
                    Notes = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "user_progress",
                columns: table => new
                {
                    WorkflowId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    StepKey = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    PassedStepKey = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    StepIndex = table.Column<int>(type: "int", nullable: false),
                    LastSentAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RepeatsDone = table.Column<int>(type: "int", nullable: false),
                    Finished = table.Column<bool>(type: "bit", nullable: false),
                    Completed = table.Column<bool>(type: "bit", nullable: false),
                    FirstSeenAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_progress", x => new { x.WorkflowId, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    FirstName = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    LastName = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Email = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    Phone = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    Locale = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    TimeZone = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    IsActive = table.Column<bool>(type: "bit", nullable: false),
                    ManagerId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    HrPartnerId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    OrgUnitId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    OrgUnitPath = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    Country = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    Department = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    JobTitle = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    HireDate = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "workflows",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    Scheduling = table.Column<int>(type: "int", nullable: false),
                    BaselineEmailPush = table.Column<int>(type: "int", nullable: true),
                    BaselineSms = table.Column<int>(type: "int", nullable: true),
                    HasErrors = table.Column<bool>(type: "bit", nullable: false),
                    Errors = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    LockRunId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    LockedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workflows", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "delivery_results",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    OutboxMessageId = table.Column<long>(type: "bigint", nullable: false),
                    Channel = table.Column<int>(type: "int", nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_delivery_results", x => x.Id);
                    table.ForeignKey(
                        name: "FK_delivery_results_outbox_OutboxMessageId",
                        column: x => x.OutboxMessageId,
                        principalTable: "outbox",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "digest_entries",
                columns: table => new
                {
                    WorkflowId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    TargetUserId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    StepKey = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Repeat = table.Column<int>(type: "int", nullable: false),
                    RunId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RecipientKind = table.Column<int>(type: "int", nullable: false),
                    RecipientId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    TemplateId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Channels = table.Column<int>(type: "int", nullable: false),
                    OutboxMessageId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_digest_entries", x => new { x.WorkflowId, x.TargetUserId, x.StepKey, x.Repeat });
                    table.ForeignKey(
                        name: "FK_digest_entries_outbox_OutboxMessageId",
                        column: x => x.OutboxMessageId,
                        principalTable: "outbox",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "device_tokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Token = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_device_tokens", x => new { x.UserId, x.Token });
                    table.ForeignKey(
                        name: "FK_device_tokens_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_attributes",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Value = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_attributes", x => new { x.UserId, x.Name });
                    table.ForeignKey(
                        name: "FK_user_attributes_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_assignments_ContentId_Kind",
                table: "assignments",
                columns: new[] { "ContentId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_completions_ContentId",
                table: "completions",
                column: "ContentId");

            migrationBuilder.CreateIndex(
                name: "IX_delivery_results_OutboxMessageId",
                table: "delivery_results",
                column: "OutboxMessageId");

            migrationBuilder.CreateIndex(
                name: "IX_digest_entries_OutboxMessageId",
                table: "digest_entries",
                column: "OutboxMessageId");

            migrationBuilder.CreateIndex(
                name: "IX_digest_entries_RunId_OutboxMessageId",
                table: "digest_entries",
                columns: new[] { "RunId", "OutboxMessageId" });

            migrationBuilder.CreateIndex(
                name: "IX_org_units_ParentId",
                table: "org_units",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_RunId",
                table: "outbox",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_WorkflowId_RecipientKind_RecipientId_StepKey_Repeat_Batch",
                table: "outbox",
                columns: new[] { "WorkflowId", "RecipientKind", "RecipientId", "StepKey", "Repeat", "Batch" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_run_issues_RunId",
                table: "run_issues",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_runs_WorkflowId_StartedAt",
                table: "runs",
                columns: new[] { "WorkflowId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_user_progress_UserId",
                table: "user_progress",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_users_HrPartnerId",
                table: "users",
                column: "HrPartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_users_ManagerId",
                table: "users",
                column: "ManagerId");

            migrationBuilder.CreateIndex(
                name: "IX_users_OrgUnitPath",
                table: "users",
                column: "OrgUnitPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "administrator_scopes");

            migrationBuilder.DropTable(
                name: "administrators");

            migrationBuilder.DropTable(
                name: "assignments");

            migrationBuilder.DropTable(
                name: "completions");

            migrationBuilder.DropTable(
                name: "contents");

            migrationBuilder.DropTable(
                name: "delivery_results");

            migrationBuilder.DropTable(
                name: "device_tokens");

            migrationBuilder.DropTable(
                name: "digest_entries");

            migrationBuilder.DropTable(
                name: "org_units");

            migrationBuilder.DropTable(
                name: "run_issues");

            migrationBuilder.DropTable(
                name: "runs");

            migrationBuilder.DropTable(
                name: "user_attributes");

            migrationBuilder.DropTable(
                name: "user_progress");

            migrationBuilder.DropTable(
                name: "workflows");

            migrationBuilder.DropTable(
                name: "outbox");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
