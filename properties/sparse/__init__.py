"""Properties of `sparse`: laws (taking the implementation under test), strategies, bindings."""
