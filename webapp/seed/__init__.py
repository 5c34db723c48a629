"""Demo data for a believable Hà Tĩnh, and bulk generators for the benchmarks."""
