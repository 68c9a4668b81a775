using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omniman.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DirectiveTraceParent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "trace_parent",
                table: "directives",
                type: "character varying(55)",
                maxLength: 55,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "trace_parent",
                table: "directives");
        }
    }
}
