"""Answer texts, rendered from the facts (never copied into domain.yml).

Written in German; every fixed text passes through `t()` (actions/i18n.py), so it is shown in the
conversation's language where a translation exists, and answer units come from `answer_in`
(actions/translations.py).

Every function returns plain text (and buttons where the user has a next step),
so the thin action classes only choose what to say. One module per topic:
common.py (source line, dates), service_answers.py (programme answers, follow-ups,
"not sure"), ki_finder.py (KI contact, places), handover.py (emergency, counselling),
eligibility_check.py (the check and its verdict). Every name is re-exported here,
so callers write `from actions import texts` and `texts.unit_answer(...)`.
"""
from actions.freshness import is_stale, source_date_phrase  # noqa: F401  (were importable from texts.py)
from actions.texts.common import (  # noqa: F401  (re-exported: part of this package's API)
    DEFAULT_ASK_AT,
    NO_LEGAL_ADVICE,
    NOTABLE_STATUS,
    Button,
    ensure_period,
    first_sentences,
    german_date,
    source_line,
    source_reference,
    stale_warning,
)
from actions.texts.eligibility_check import (  # noqa: F401  (re-exported)
    BACK_TO_CHECK,
    INVALID_ANSWER_START,
    NOTED_START,
    QUESTION_AS_ANSWER_START,
    STATE_LABELS,
    STATE_MARKS,
    STUCK_START,
    check_cancelled,
    check_intro,
    choose_check,
    ended_program,
    invalid_answer,
    next_step,
    no_question_open,
    noted_items,
    noted_other_answers,
    prefilled_note,
    question_as_answer,
    stuck_on_question,
    verdict_text,
    ways_to_stay,
    why_question,
)
from actions.texts.handover import (  # noqa: F401  (re-exported)
    EMERGENCY,
    counselling_services,
    fear_of_deportation,
    handover_answer,
    handover_intro,
    how_to_find,
)
from actions.texts.ki_finder import (  # noqa: F401  (re-exported)
    KI_FIELDS,
    NATIONAL_COUNSELLING,
    ambiguous_place,
    apply_office_note,
    ask_place,
    ki_address,
    ki_answer,
    ki_contact,
    ki_field_answer,
    ki_source,
    nearest_note,
    nearest_same_note,
    outside_nrw,
    outside_nrw_location,
    place_buttons,
    place_not_found,
)
from actions.texts.service_answers import (  # noqa: F401  (re-exported)
    ASKED_AGAIN,
    ASPECT_HEADINGS,
    FOLLOWUP_BUTTONS,
    OUTSIDE_TOPIC_BUTTONS,
    UNSURE_START,
    WITHOUT_REPLY_WORD,
    apply_office_line,
    aspect_answer,
    check_buttons,
    followup_buttons,
    other_person_answer,
    other_person_buttons,
    outside_topic_answer,
    outside_topic_buttons,
    sources_answer,
    tentative_answer,
    tentative_answers,
    topic_buttons,
    unit_answer,
    unit_buttons,
    unit_choice_buttons,
    unit_text,
    units_that_fit,
    unknown_topic,
    unsure_answer,
    without_bare_reply_word,
)
