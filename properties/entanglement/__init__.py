"""Properties of `entanglement`: laws (taking the implementation under test), strategies,
bindings."""
