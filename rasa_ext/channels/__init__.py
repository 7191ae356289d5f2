"""Input channels named in credentials*.yml, and what they share: guards, limits, payloads, votes."""
