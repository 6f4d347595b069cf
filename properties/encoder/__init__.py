"""Properties of `encoder`: laws (taking the implementation under test), strategies, bindings."""
