"""Extensions loaded by the Rasa server (not the action server).

* components/  NLU components named in config.yml (lean DIET, shared locations)
* channels/    input channels named in credentials*.yml (REST, socket.io, Telegram, web page)
* stores/      tracker and lock stores named in endpoints*.yml, and the Rasa-free tools on
               their data (retention purge, staff review)
* patches/     every change to Rasa's internals, installed here, once (see its docstring and
               docs/rasa_internals.md; LOTSE_RASA_PATCHES=0 switches them off)
"""
from rasa_ext.patches import install_all

install_all()
