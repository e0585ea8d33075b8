/**
 * Entry point of `nx run benchmarks:run`.
 */
console.log('benchmarks:run — the benchmark workloads are not built yet (see the benchmarks issue).');
