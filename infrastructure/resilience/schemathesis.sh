#!/usr/bin/env bash
# Property-based fuzzing of the local API against infrastructure/openapi.yaml with schemathesis
# (pip install schemathesis). Starts the local cloud jar on free-ish ports, runs every check with the
# admin token, stops the cloud. Not part of ./mvnw verify.
#   ./mvnw -q -DskipTests package && infrastructure/resilience/schemathesis.sh [extra schemathesis args]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
jar=infrastructure/local/target/local-cloud.jar
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
command -v st >/dev/null || { echo "schemathesis is not installed: pip install schemathesis" >&2; exit 2; }

port="${API_PORT:-3900}"
log="$(mktemp)"
java -jar "$jar" --api-port="$port" --dynamodb-port=0 --sqs-port=0 --stepfunctions-port=0 --payment-provider-port=0 >"$log" 2>&1 &
cloud=$!
trap 'kill "$cloud" 2>/dev/null; wait "$cloud" 2>/dev/null || true' EXIT
until grep -q "local cloud ready" "$log"; do
  kill -0 "$cloud" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
source infrastructure/local/target/local-cloud.env

st run infrastructure/openapi.yaml \
  --url "$API" \
  --header "Authorization: Bearer $ADMIN_TOKEN" \
  --checks all \
  --max-examples "${MAX_EXAMPLES:-50}" \
  --report junit --report-dir infrastructure/resilience/target/schemathesis \
  "$@"
