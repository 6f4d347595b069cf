"""Properties of `qisa`: laws (taking the implementation under test), strategies, bindings."""
