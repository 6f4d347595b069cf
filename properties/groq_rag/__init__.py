"""Properties of GroQ-RAG (survey §10, ``SUR-GROQ-*``)."""
