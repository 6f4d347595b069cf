"""Properties of `mps-attention`: laws (taking the implementation), strategies, bindings."""
