"""NLU components named in config.yml: registered with Rasa's DefaultV1Recipe."""
