"""The seed-001 experiment pipeline: the Figure-1 encoder, datasets, metrics."""
