"""Properties of `qmsan`: laws (taking the implementation under test), strategies, bindings."""
