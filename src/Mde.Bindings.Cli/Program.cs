using Mde.Bindings.Cli;

return await MdeLr.RunAsync(args, CliEnvironment.FromProcess());
