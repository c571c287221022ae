#!/usr/bin/env bash
# The AWS CLI against the ecsstate endpoint (examples/endpoint): update the
# demo service "web" to web:2, watch the rolling deployment batch by batch
# with describe-services, and let `aws ecs wait services-stable` (unmodified:
# it polls every 15 seconds) decide when it is over. Each command is printed
# with its output, so the log shows the rollout.
#
# Needs Go and the aws command (AWS CLI v1 or v2). Run from anywhere:
#   bash sdktest/cli_test.sh
# Prints "N passed, N failed" last; exits non-zero on a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

SPEED=${SPEED:-2} # virtual seconds per second: slow enough to see batches even when each aws call takes seconds
tmp=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# The same program as `go run ./examples/endpoint`, built first so that the
# script stops the server itself rather than the go command.
go build -o "$tmp/endpoint" ./examples/endpoint
"$tmp/endpoint" -port 0 -speed "$SPEED" >"$tmp/url" 2>"$tmp/server.log" &
server=$!
for _ in $(seq 100); do
  [ -s "$tmp/url" ] && break
  sleep 0.1
done
url=$(head -n 1 "$tmp/url")
[ -n "$url" ] || { echo "the endpoint did not start"; cat "$tmp/server.log"; exit 1; }
echo "endpoint: $url (virtual time at ${SPEED}x)"

# Any credentials: the endpoint checks no signature. No pager, no config
# files of the machine's user.
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret AWS_DEFAULT_REGION=us-east-1
export AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
aws --version

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# run prints a command, runs it and prints its output (kept in $out).
run() {
  echo "\$ $*"
  out=$("$@" 2>&1) || { status=$?; echo "$out"; return $status; }
  echo "$out"
}

E=(--endpoint-url "$url")
FIELDS='{status:status,taskDefinition:taskDefinition,desired:desiredCount,pending:pendingCount,running:runningCount,rollout:rolloutState}'
DEPLOYMENTS="services[0].deployments[*].$FIELDS"

run aws ecs describe-services "${E[@]}" --cluster demo --services web \
  --query 'services[0].{service:serviceName,desired:desiredCount,running:runningCount,taskDefinition:taskDefinition}' --output table
case $out in *web:1*) pass "web runs web:1 before the update" ;; *) fail "web before the update" ;; esac

run aws ecs update-service "${E[@]}" --cluster demo --service web --task-definition web:2 \
  --query 'service.deployments[*].[status,taskDefinition,desiredCount,runningCount]' --output text
case $out in *PRIMARY*web:2*ACTIVE*web:1*) pass "update-service starts a web:2 deployment beside web:1" ;; *) fail "update-service" ;; esac

# Watch the rollout, one describe-services a second, until one deployment
# is left (or 60 polls).
two=0
for _ in $(seq 60); do
  run aws ecs describe-services "${E[@]}" --cluster demo --services web --query "$DEPLOYMENTS" --output table
  n=$(grep -c 'task-definition/web' <<<"$out" || true)
  [ "$n" -ge 2 ] && two=$((two + 1))
  [ "$n" -le 1 ] && break
  sleep 1
done
if [ "$two" -ge 1 ]; then pass "describe-services saw the rollout in progress $two times"; else fail "describe-services never saw the rollout in progress"; fi

start=$(date +%s)
if run aws ecs wait services-stable "${E[@]}" --cluster demo --services web; then
  pass "aws ecs wait services-stable succeeded after $(($(date +%s) - start)) s"
else
  fail "aws ecs wait services-stable"
fi

run aws ecs describe-services "${E[@]}" --cluster demo --services web --query "$DEPLOYMENTS" --output table
if [ "$(grep -c 'task-definition/web' <<<"$out")" = 1 ] && grep -q 'web:2' <<<"$out"; then
  pass "one deployment, of web:2"
else
  fail "final deployments"
fi
# The service events, oldest first: the rollout batch by batch.
run aws ecs describe-services "${E[@]}" --cluster demo --services web --query 'reverse(services[0].events[:6])[*].[createdAt,message]' --output text

# An ECS exception reaches the CLI as ECS's.
if run aws ecs describe-services "${E[@]}" --cluster nope --services web; then
  fail "describe-services on a missing cluster succeeded"
elif grep -q ClusterNotFoundException <<<"$out"; then
  pass "ClusterNotFoundException on a missing cluster"
else
  fail "describe-services on a missing cluster: $out"
fi

echo
echo "server log (one line per call):"
tail -n 8 "$tmp/server.log"
echo
echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
