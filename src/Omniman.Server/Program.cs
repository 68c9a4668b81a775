using Omniman.Server;

return await ServerCommands.Build().Parse(args).InvokeAsync();

/// <summary>The entry point, named so test hosts can find the program.</summary>
public partial class Program;
