using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Omniman.Micro.SessionBenchmarks).Assembly).Run(args);
