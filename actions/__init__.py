"""The action server's package: Rasa-free domain modules (facts, places, eligibility, answer parsing, texts) and, in
actions/sdk/, the rasa_sdk actions that use them.
"""
