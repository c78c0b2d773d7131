"""Growth: synthetic letters and supplements with the real letter's shape, for ``tbgraph synthesize`` and
the growth benchmarks (up to 1,000 letters)."""
