"""Properties of `qasa`: laws (taking the implementation under test), strategies, bindings."""
