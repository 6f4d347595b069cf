"""Properties of `mtsa`: laws (taking the implementation under test), strategies, bindings."""
