using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Omniman.TestKit;

namespace Omniman.OperatorConsole.Tests;

public sealed record Page(HttpStatusCode Status, string Html, Uri? Location)
{
    public Page Expect(HttpStatusCode status)
    {
        Assert.True(Status == status, $"expected {(int)status}, got {(int)Status}: {Html[..Math.Min(Html.Length, 2000)]}");
        return this;
    }
}

/// <summary>
/// A browser without script: keeps the cookies, follows no redirect on its own, and posts forms
/// with the antiforgery token of the last page it read, as a form of that page would.
/// </summary>
public sealed partial class ConsoleClient(OmnimanApp app, string? acceptLanguage = null) : IDisposable
{
    private readonly HttpClient _http = Create(app, acceptLanguage);
    private string? _token;

    private static HttpClient Create(OmnimanApp app, string? acceptLanguage)
    {
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (acceptLanguage is not null) http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return http;
    }

    public async Task<Page> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        return await ReadAsync(response);
    }

    /// <summary>The answer itself, for its headers; its page's form token is not kept.</summary>
    public Task<HttpResponseMessage> GetResponseAsync(string path) => _http.GetAsync(new Uri(path, UriKind.Relative));

    /// <summary>Posts the fields as a form of the last page read; <paramref name="withToken"/> false leaves the antiforgery token out.</summary>
    public async Task<Page> PostAsync(string path, IDictionary<string, string> fields, bool withToken = true)
    {
        var form = new Dictionary<string, string>(fields);
        if (withToken) form["__RequestVerificationToken"] = _token ?? throw new InvalidOperationException("Read a page with a form first.");
        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content);
        return await ReadAsync(response);
    }

    /// <summary>A client signed in (the bootstrap admin unless told), as most page tests start.</summary>
    public static async Task<ConsoleClient> SignedInAsync(OmnimanApp app, string? acceptLanguage = null,
        string name = ConsoleSettings.Admin, string password = ConsoleSettings.AdminPassword)
    {
        var console = new ConsoleClient(app, acceptLanguage);
        (await console.SignInAsync(name, password)).Expect(HttpStatusCode.Redirect);
        return console;
    }

    public async Task<Page> SignInAsync(string name, string password)
    {
        await GetAsync("/console/sign-in");
        return await PostAsync("/console/sign-in", new Dictionary<string, string> { ["name"] = name, ["password"] = password });
    }

    private async Task<Page> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        if (TokenPattern().Match(html) is { Success: true } match) _token = match.Groups[1].Value;
        return new Page(response.StatusCode, html, response.Headers.Location);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public void Dispose() => _http.Dispose();
}
