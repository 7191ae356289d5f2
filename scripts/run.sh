#!/usr/bin/env bash
# Start the action server (127.0.0.1:5055, it has no authentication) and then
# Rasa (REST + socketio on port 5005), or a terminal chat. Ctrl-C stops both.
# Usage: scripts/run.sh [server|shell|interactive|print]   (print: show the commands, start nothing)
# Environment:
#   RASA_ENDPOINTS=endpoints.prod.yml  PostgreSQL + Redis instead of SQLite (docs/deployment.md);
#                                      every ${VAR} the file names must be set.
#   RASA_ENABLE_API=1                  Rasa's HTTP API (off by default); needs RASA_AUTH_TOKEN.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-server}"
model="models/integrationslotse.tar.gz"
rasa_port="${RASA_PORT:-5005}"
rasa_host="${RASA_HOST:-127.0.0.1}"
endpoints="${RASA_ENDPOINTS:-endpoints.yml}"
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
# oneDNN's kernels cost more than they save on one short message: NLU parses take ~1 ms
# less per message without them (docs/performance.md). Serving only; training keeps the default.
export TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-0}"

[ -f "$endpoints" ] || { echo "ERROR: endpoints file '$endpoints' not found (RASA_ENDPOINTS)" >&2; exit 2; }
# Secrets come only from the environment: refuse to start with an unset ${VAR} in the endpoints.
missing=()
for var in $(grep -v "^[[:space:]]*#" "$endpoints" | grep -o '\${[A-Za-z_][A-Za-z0-9_]*}' | tr -d '${}' | sort -u); do
  [ -n "${!var+set}" ] || missing+=("$var")
done
# With the production stores the REST channel is for staff and scripts only: it needs a token.
if [ "$endpoints" != "endpoints.yml" ] && [ -z "${LOTSE_REST_TOKEN:-}" ]; then missing+=("LOTSE_REST_TOKEN"); fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "ERROR: $endpoints needs these environment variables: ${missing[*]} (see docs/deployment.md)" >&2; exit 2
fi

# The HTTP API can replace the model and read every conversation: off unless asked for, never without a token.
api_args=()
if [ "${RASA_ENABLE_API:-0}" = 1 ]; then
  [ -n "${RASA_AUTH_TOKEN:-}" ] || { echo "ERROR: RASA_ENABLE_API=1 needs RASA_AUTH_TOKEN (a long random secret)" >&2; exit 2; }
  api_args=(--enable-api --auth-token "$RASA_AUTH_TOKEN")
fi

# rasa-sdk binds to SANIC_HOST; the action server has no authentication, so loopback only.
actions_cmd=(.venv/bin/rasa run actions --actions actions --port 5055)
rasa_cmd=(.venv/bin/rasa run --model "$model" --port "$rasa_port" --interface "$rasa_host"
          --credentials credentials.yml --endpoints "$endpoints" --cors "http://localhost:${rasa_port}" "${api_args[@]}")

if [ "$mode" = print ]; then
  echo "actions: SANIC_HOST=127.0.0.1 ${actions_cmd[*]}"
  echo "rasa: ${rasa_cmd[*]}" | sed -E 's/(--auth-token )[^ ]+/\1***/'
  exit 0
fi

SANIC_HOST=127.0.0.1 "${actions_cmd[@]}" >logs_actions.txt 2>&1 &
actions_pid=$!
trap 'kill "$actions_pid" 2>/dev/null || true; wait "$actions_pid" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 120); do
  curl -fs http://127.0.0.1:5055/health >/dev/null 2>&1 && break
  kill -0 "$actions_pid" 2>/dev/null || { echo "Action server failed to start, see logs_actions.txt" >&2; tail -n 20 logs_actions.txt >&2; exit 1; }
  sleep 0.5
done

case "$mode" in
  shell)       .venv/bin/rasa shell --model "$model" --endpoints "$endpoints" ;;
  interactive) .venv/bin/rasa interactive --model "$model" --endpoints "$endpoints" ;;
  *)
    cat <<MSG
Integrationslotse NRW startet auf http://localhost:${rasa_port} (Aktionen: 127.0.0.1:5055, Endpunkte: ${endpoints}).
Web-Chat: http://localhost:${rasa_port}/webhooks/webchat/
REST:     curl -s localhost:${rasa_port}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
            -d '{"sender":"a","message":"Hallo"}'
Terminal: make shell          Beenden: Ctrl-C
MSG
    "${rasa_cmd[@]}"
    ;;
esac
