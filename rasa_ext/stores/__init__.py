"""The tracker and lock stores named in endpoints*.yml, and the Rasa-free tools on their data."""
