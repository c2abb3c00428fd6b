"""The review desk's case queue: a lazy table over case_results with a filter bar."""
