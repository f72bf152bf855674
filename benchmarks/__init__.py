"""Benchmarks of dedup: ``python -m benchmarks`` measures throughput, memory, latency and scaling
(issue 6) and rewrites its section of benchmarks/RESULTS.md. The other scripts in this folder
measure quality and are run on their own (each says how in its docstring)."""
