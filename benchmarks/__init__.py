"""Benchmarks of dedup; their figures are in benchmarks/RESULTS.md, one section each.

``python -m benchmarks`` measures throughput, memory, latency and scaling (issue 6) and rewrites
its section of RESULTS.md (``latency_bulk`` and ``open_index`` rewrite theirs). The other scripts
measure one thing each and are run on their own (each says how in its docstring); they read the
shared data at run time (``--data``) and print, or write under benchmarks/out/ (ignored by git):
text of the data never goes into the repository.
"""
