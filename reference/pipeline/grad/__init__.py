"""Exact gradients of the seed-001 models (issue 15): the Figure-1 encoder by hand-written
reverse mode (:mod:`.encoder`), the entanglement scores by parameter shift
(:mod:`.entanglement`) and QSANN by parameter shift (:mod:`.qsann`)."""
