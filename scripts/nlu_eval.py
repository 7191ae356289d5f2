#!/usr/bin/env python3
"""Intent macro-F1 and the most confused intent pairs on the held-out split.

The split (tests/nlu/holdout.yml) is never used for training. Exits 1 when the
macro-F1 is below --min-f1, so `make test` guards NLU quality.

Usage: python scripts/nlu_eval.py --model models/x.tar.gz --data tests/nlu/holdout.yml --out results/nlu
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def run_rasa_test(model: Path, data: Path, out: Path) -> None:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}
    subprocess.run([str(BIN / "rasa"), "test", "nlu", "--model", str(model), "--nlu", str(data), "--out", str(out)],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def confused_pairs(errors: list[dict], top: int) -> list[tuple[tuple[str, str], int]]:
    pairs = collections.Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
    return pairs.most_common(top)


def report(out: Path, top: int) -> tuple[float, str]:
    intents = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
    errors_path = out / "intent_errors.json"
    errors = json.loads(errors_path.read_text(encoding="utf-8")) if errors_path.exists() else []
    macro_f1 = intents["macro avg"]["f1-score"]
    lines = [f"Intent macro-F1 on the held-out split: {macro_f1:.3f} "
             f"(accuracy {intents['accuracy']:.3f}, {int(intents['macro avg']['support'])} examples)",
             "", "| expected | predicted | count |", "|---|---|---|"]
    lines += [f"| {gold} | {predicted} | {count} |" for (gold, predicted), count in confused_pairs(errors, top)]
    if not errors:
        lines.append("| – | – | 0 |")
    weakest = sorted((v["f1-score"], k) for k, v in intents.items() if isinstance(v, dict) and "support" in v
                     and k not in ("macro avg", "weighted avg", "micro avg"))[:5]
    lines += ["", "Weakest intents: " + ", ".join(f"{name} {f1:.2f}" for f1, name in weakest)]
    return macro_f1, "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=Path("tests/nlu/holdout.yml"))
    parser.add_argument("--out", type=Path, default=Path("results/nlu"))
    parser.add_argument("--min-f1", type=float, default=0.95)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args(argv)
    run_rasa_test(args.model, args.data, args.out)
    macro_f1, table = report(args.out, args.top)
    print(table)
    (args.out / "summary.md").write_text(table + "\n", encoding="utf-8")
    if macro_f1 < args.min_f1:
        print(f"FAIL: macro-F1 {macro_f1:.3f} is below the target {args.min_f1:.2f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
