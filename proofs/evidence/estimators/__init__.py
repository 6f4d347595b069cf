"""Evidence for the ``H-EST`` claims (hardware estimators, issue 14), split along its seams."""
