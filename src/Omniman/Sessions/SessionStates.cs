namespace Omniman.Sessions;

public static class SessionStates
{
    public const string Open = "open";
    public const string Committed = "committed";
    public const string Abandoned = "abandoned";
}
