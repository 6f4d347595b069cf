"""Properties of `grover`: laws (taking the implementation under test), strategies, bindings."""
