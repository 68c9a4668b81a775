using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omniman.Postgres.Migrations
{
    /// <summary>
    /// Every insert into <c>directives</c> sends NOTIFY omniman_directives in its own transaction, so
    /// listening workers in any process hear of new directives when, and only if, they commit.
    /// PostgreSQL folds the notifications of one transaction into one.
    /// </summary>
    public partial class DirectiveNotifyTrigger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION omniman_notify_directives() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('omniman_directives', '');
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER directives_notify AFTER INSERT ON directives
                    FOR EACH STATEMENT EXECUTE FUNCTION omniman_notify_directives();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER directives_notify ON directives;");
            migrationBuilder.Sql("DROP FUNCTION omniman_notify_directives();");
        }
    }
}
