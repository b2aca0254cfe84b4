using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/MlNetPositional.Benchmarks -- --filter '*'
// Add --job short for a quick look, --job dry for a smoke run.
BenchmarkSwitcher.FromAssembly(typeof(MlNetPositional.Benchmarks.ScoringThroughput).Assembly).Run(args);
