"""Tools for the staff who look after the bot, run from a development checkout (requirements-dev.txt).

* review.py   `make review`: the messages the bot could not answer, and the votes on its answers

They may use both sides, the action package (texts, facts) and rasa_ext's Rasa-free modules;
neither server imports them.
"""
