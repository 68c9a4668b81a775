using Omniman.Server;

return await ServerCommands.RunAsync(args);

/// <summary>The entry point, named so test hosts can find the program.</summary>
public partial class Program;
