using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omniman.Sqlite.Migrations
{
    /// <summary>
    /// No schema change: the model now checks a session's state, as well as its rev, when it
    /// writes the session, and this records that in the migrations' model.
    /// </summary>
    public partial class SessionStateToken : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
