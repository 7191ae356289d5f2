#!/usr/bin/env bash
# Start the action server (127.0.0.1:5055, it has no authentication) and then
# Rasa (REST + socketio on port 5005), or a terminal chat. Ctrl-C stops both.
# Usage: scripts/run.sh [server|shell|interactive]
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-server}"
model="models/integrationslotse.tar.gz"
rasa_port="${RASA_PORT:-5005}"
rasa_host="${RASA_HOST:-127.0.0.1}"
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1

# rasa-sdk binds to SANIC_HOST; the action server has no authentication, so loopback only.
SANIC_HOST=127.0.0.1 .venv/bin/rasa run actions --actions actions --port 5055 >logs_actions.txt 2>&1 &
actions_pid=$!
trap 'kill "$actions_pid" 2>/dev/null || true; wait "$actions_pid" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 120); do
  curl -fs http://127.0.0.1:5055/health >/dev/null 2>&1 && break
  kill -0 "$actions_pid" 2>/dev/null || { echo "Action server failed to start, see logs_actions.txt" >&2; tail -n 20 logs_actions.txt >&2; exit 1; }
  sleep 0.5
done

case "$mode" in
  shell)       .venv/bin/rasa shell --model "$model" --endpoints endpoints.yml ;;
  interactive) .venv/bin/rasa interactive --model "$model" --endpoints endpoints.yml ;;
  *)
    cat <<MSG
Integrationslotse NRW startet auf http://localhost:${rasa_port} (Aktionen: 127.0.0.1:5055).
Chatten:  curl -s localhost:${rasa_port}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
            -d '{"sender":"a","message":"Hallo"}'
Terminal: make shell          Beenden: Ctrl-C
MSG
    .venv/bin/rasa run --model "$model" --port "$rasa_port" --interface "$rasa_host" \
      --credentials credentials.yml --endpoints endpoints.yml --cors "http://localhost:${rasa_port}"
    ;;
esac
