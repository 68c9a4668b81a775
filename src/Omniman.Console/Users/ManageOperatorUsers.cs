using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Omniman.Common;
using Omniman.OperatorConsole.Text;
using Omniman.Persistence;

namespace Omniman.OperatorConsole.Users;

/// <summary>Creates, lists, disables and enables operator users, resets their passwords, and keeps their preferences; the CLI and the users page both call it.</summary>
public sealed class ManageOperatorUsers(OmnimanDb db, IPasswordHasher<OperatorUser> hasher, IDatabaseDialect dialect, TimeProvider clock)
{
    public async Task<OperatorUser> CreateAsync(string? name, string? role, string? password, CancellationToken ct)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name)) throw new OmnimanException("missing_field", "'name' is required.", new { field = "name" });
        if (name.Length > OperatorUser.MaxNameLength || name.Any(char.IsControl))
            throw Invalid("name", $"A user name has at most {OperatorUser.MaxNameLength} characters and no control characters.");
        role ??= OperatorRoles.Operator;
        if (!OperatorRoles.All.Contains(role)) throw Invalid("role", $"The role is one of {string.Join(", ", OperatorRoles.All)}.");
        CheckPassword(password);
        var key = OperatorUser.KeyOf(name);
        if (await db.Set<OperatorUser>().AnyAsync(u => u.NameKey == key, ct)) throw Exists(name);
        var user = OperatorUser.Create(name, role, clock.GetUtcNow().UtcDateTime);
        user.PasswordHash = hasher.HashPassword(user, password!);
        db.Set<OperatorUser>().Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (dialect.IsUniqueViolation(ex))
        {
            // A concurrent create of the same name won between the check and this insert.
            db.Entry(user).State = EntityState.Detached;
            throw Exists(name);
        }
        return user;
    }

    public Task<List<OperatorUser>> ListAsync(CancellationToken ct) =>
        db.Set<OperatorUser>().AsNoTracking().OrderBy(u => u.NameKey).ToListAsync(ct);

    /// <summary>
    /// Disables a user: their open console sessions end at their next request. <paramref name="byUserId"/>,
    /// the admin doing it from the console, may not disable themselves: another admin must, so nobody
    /// shuts themselves out by a slip (the command line has no signed-in user and may).
    /// </summary>
    public async Task<OperatorUser> DisableAsync(string name, CancellationToken ct, long? byUserId = null)
    {
        var user = await FindAsync(name, ct);
        if (user.Id == byUserId) throw new OmnimanException("cannot_disable_self", "You cannot disable yourself; another admin can.", new { field = "name" });
        user.Disable(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>Lets a disabled user sign in again.</summary>
    public async Task<OperatorUser> EnableAsync(string name, CancellationToken ct)
    {
        var user = await FindAsync(name, ct);
        user.Enable(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>Gives a user a new password, under the same rules as at creation, and lifts a lockout.</summary>
    public async Task<OperatorUser> ResetPasswordAsync(string name, string? password, CancellationToken ct)
    {
        CheckPassword(password);
        var user = await FindAsync(name, ct);
        user.PasswordHash = hasher.HashPassword(user, password!);
        user.PasswordReset(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return user;
    }

    public async Task SetPreferencesAsync(long userId, string? language, string? timeZone, CancellationToken ct)
    {
        language = string.IsNullOrEmpty(language) ? null : language;
        timeZone = string.IsNullOrEmpty(timeZone) ? null : timeZone;
        if (language is not null && !ConsoleLanguages.All.Contains(language))
            throw Invalid("language", $"The language is one of {string.Join(", ", ConsoleLanguages.All)}.");
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            throw Invalid("time_zone", $"'{timeZone}' is not a time zone this server knows (use an IANA name such as America/Sao_Paulo).");
        var user = await db.Set<OperatorUser>().FirstOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new OmnimanException("not_found", "The user was not found.");
        user.SetPreferences(language, timeZone, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    private async Task<OperatorUser> FindAsync(string name, CancellationToken ct)
    {
        var key = OperatorUser.KeyOf(name);
        return await db.Set<OperatorUser>().FirstOrDefaultAsync(u => u.NameKey == key, ct)
            ?? throw new OmnimanException("not_found", $"User '{name}' was not found.");
    }

    private static void CheckPassword(string? password)
    {
        if (string.IsNullOrEmpty(password)) throw new OmnimanException("missing_field", "'password' is required.", new { field = "password" });
        if (password.Length < OperatorUser.MinPasswordLength || password.Length > OperatorUser.MaxPasswordLength)
            throw Invalid("password", $"A password has {OperatorUser.MinPasswordLength} to {OperatorUser.MaxPasswordLength} characters.");
    }

    private static OmnimanException Invalid(string field, string message) => new("validation_error", message, new { field });

    private static OmnimanException Exists(string name) => new("user_exists", $"User '{name}' already exists.", new { field = "name" });
}
