"""Properties of `tsa`: laws (taking the implementation under test), strategies, bindings."""
