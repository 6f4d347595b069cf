"""Properties of `qcsam`: laws (taking the implementation under test), strategies, bindings."""
