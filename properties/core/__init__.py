"""Properties of `core`: laws (taking the implementation under test), strategies, bindings."""
