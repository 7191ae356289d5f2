"""Extensions loaded by the Rasa server (not the action server): an NLU component
for shared locations and a tracker store that redacts eligibility answers."""
