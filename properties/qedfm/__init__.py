"""Properties of `qedfm`: laws (taking the implementation under test), strategies, bindings."""
