using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Persistence;

namespace Omniman.OperatorConsole.Users;

public enum SignInOutcome
{
    SignedIn,
    /// <summary>Unknown user or wrong password: one answer for both, so names cannot be probed.</summary>
    Refused,
    LockedOut,
    Disabled,
}

public sealed record SignInResult(SignInOutcome Outcome, OperatorUser? User = null, DateTime? LockedUntil = null);

/// <summary>
/// Checks a user name and password, counting wrong passwords on the user's row and locking the user
/// out after <see cref="ConsoleOptions.LockoutAttempts"/> of them in a row.
/// </summary>
public sealed class SignInOperator(OmnimanDb db, IPasswordHasher<OperatorUser> hasher, IOptions<ConsoleOptions> options, TimeProvider clock)
{
    /// <summary>Verified against when the name is unknown, so an unknown name costs as long as a wrong password.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<OperatorUser>().HashPassword(new OperatorUser(), "decoy-password"));

    public async Task<SignInResult> ExecuteAsync(string? name, string? password, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password) || password.Length > OperatorUser.MaxPasswordLength)
            return new(SignInOutcome.Refused);
        var key = OperatorUser.KeyOf(name);
        // A wrong password counted at the same moment by another request fails the save on the
        // counter's concurrency token; read again and count again, so no attempt goes uncounted.
        for (var attempt = 0; ; attempt++)
        {
            var user = await db.Set<OperatorUser>().FirstOrDefaultAsync(u => u.NameKey == key, ct);
            if (user is null)
            {
                hasher.VerifyHashedPassword(new OperatorUser(), DecoyHash.Value, password);
                return new(SignInOutcome.Refused);
            }
            var now = clock.GetUtcNow().UtcDateTime;
            if (user.IsDisabled) return new(SignInOutcome.Disabled);
            if (user.IsLockedAt(now)) return new(SignInOutcome.LockedOut, LockedUntil: user.LockedUntil);
            var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
            var settings = options.Value;
            if (verdict == PasswordVerificationResult.Failed)
                user.FailedSignIn(Math.Max(1, settings.LockoutAttempts), TimeSpan.FromMinutes(Math.Max(1, settings.LockoutMinutes)), now);
            else
            {
                if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = hasher.HashPassword(user, password);
                user.SignedIn(now);
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
                continue;
            }
            if (verdict == PasswordVerificationResult.Failed)
                return user.IsLockedAt(now) ? new(SignInOutcome.LockedOut, LockedUntil: user.LockedUntil) : new(SignInOutcome.Refused);
            return new(SignInOutcome.SignedIn, user);
        }
    }
}
