"""The rasa_sdk layer: the custom actions and the form validation, and the tracker helpers they share.

Only the modules in this package import rasa_sdk (tests/test_layers.py checks it). They read the
tracker, ask the Rasa-free modules of actions/ (facts, places, eligibility, answer_parsing, texts …)
what to say, and return events. `rasa run actions --actions actions` imports this package with the
rest of actions/ and registers every Action subclass it finds.
"""
