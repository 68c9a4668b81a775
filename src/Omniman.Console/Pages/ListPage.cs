using Microsoft.EntityFrameworkCore;

namespace Omniman.OperatorConsole.Pages;

/// <summary>One page of a set-up list (products, promotions): its rows, its number from 1, and whether more follow.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Rows, int Number, bool HasNext)
{
    public bool HasPrevious => Number > 1;
}

/// <summary>Reads a <see cref="ListPage{T}"/>.</summary>
public static class ListPages
{
    /// <summary>Page <paramref name="number"/> (1 when absent or below) of <paramref name="ordered"/>, <paramref name="size"/> rows at most.</summary>
    public static async Task<ListPage<T>> PageAsync<T>(this IQueryable<T> ordered, int? number, int size, CancellationToken ct)
    {
        var page = Math.Clamp(number ?? 1, 1, int.MaxValue / size);
        // One row more than shown says whether a next page exists, without counting them all.
        var rows = await ordered.Skip((page - 1) * size).Take(size + 1).ToListAsync(ct);
        return new ListPage<T>([.. rows.Take(size)], page, rows.Count > size);
    }
}

/// <summary>The previous and next links under a list, as <c>_PageLinks</c> draws them.</summary>
public sealed record PageLinks(int Number, string? Previous, string? Next)
{
    public static PageLinks Of<T>(ListPage<T> page, Func<int, string> href) =>
        new(page.Number, page.HasPrevious ? href(page.Number - 1) : null, page.HasNext ? href(page.Number + 1) : null);
}
