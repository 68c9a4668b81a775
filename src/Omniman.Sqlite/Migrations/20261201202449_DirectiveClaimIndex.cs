using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omniman.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DirectiveClaimIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_directives_due",
                table: "directives");

            migrationBuilder.CreateIndex(
                name: "ix_directives_due",
                table: "directives",
                columns: new[] { "available_at", "id" },
                filter: "status = 'queued'");

            migrationBuilder.CreateIndex(
                name: "ix_directives_status_list",
                table: "directives",
                columns: new[] { "status", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_directives_due",
                table: "directives");

            migrationBuilder.DropIndex(
                name: "ix_directives_status_list",
                table: "directives");

            migrationBuilder.CreateIndex(
                name: "ix_directives_due",
                table: "directives",
                columns: new[] { "status", "available_at" });
        }
    }
}
