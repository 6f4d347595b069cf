"""Properties of `qama`: laws (taking the implementation under test), strategies, bindings."""
