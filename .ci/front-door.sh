#!/usr/bin/env bash
# The newcomer's check: what the README's first command promises, tried the way a new user would —
# a fresh clone of the committed tree, `npm install && npm start` on the embedded database (no
# DATABASE_URL), then one GraphQL query that must list the demo datasets. `npm test`, the README's
# second command, is what .ci/run runs around this check.
# Usage: .ci/front-door.sh [repo-dir]
# Prints `front door: N passed, N failed` as its last line (each step is one check) and exits
# non-zero when any step failed.
set -u
repo=$(cd "${1:-$(dirname "$0")/..}" && pwd)
dir=$(mktemp -d -t iq-front-door-XXXXXX)
pid=
passed=0
failed=0
finish() {
  [ -n "$pid" ] && kill -- -"$pid" 2>/dev/null
  rm -rf "$dir"
  echo "front door: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() {
  failed=$((failed + 1))
  echo "FAIL $1"
  [ -n "${2:-}" ] && [ -f "$2" ] && tail -25 "$2" | sed 's/^/     | /'
  finish
  exit 1
}

# 1. A fresh clone: only what is committed (a checkout without .git, as some CI runners make, is
#    copied without its build output, installed modules or data).
if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
  git clone -q "$repo" "$dir/app" || fail "git clone"
else
  mkdir -p "$dir/app" && tar -C "$repo" --exclude=./node_modules --exclude=./dist --exclude=./.insightql -cf - . | tar -C "$dir/app" -xf - || fail "copy of the checkout"
fi
cd "$dir/app" || fail "cd into the clone"
ok "fresh clone"

# 2. npm install, as printed.
t0=$(date +%s)
npm install --no-audit --no-fund >"$dir/install.log" 2>&1 || fail "npm install" "$dir/install.log"
ok "npm install ($(($(date +%s) - t0)) s)"

# 3. npm start on the embedded database, on a free port; it must answer at /graphql.
port=$(node -e 's=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')
t0=$(date +%s)
env -u DATABASE_URL PORT="$port" setsid npm start >"$dir/start.log" 2>&1 &
pid=$!
query() {
  curl -s -m 5 -H 'content-type: application/json' -H 'apollo-require-preflight: true' \
    -d "{\"query\":\"$1\"}" "http://127.0.0.1:$port/graphql"
}
# A fresh clone builds first (tsc), then loads the demo data: allow for a busy 2-core machine.
limit=${FRONT_DOOR_TIMEOUT_S:-600}
out=
while [ $(($(date +%s) - t0)) -lt "$limit" ]; do
  out=$(query '{ datasets { name rowCount } }') && [ -n "$out" ] && break
  kill -0 "$pid" 2>/dev/null || fail "npm start exited before answering" "$dir/start.log"
  sleep 1
done
case "$out" in *'"datasets"'*) ok "npm start answers at /graphql ($(($(date +%s) - t0)) s)" ;; *) fail "npm start: no answer at /graphql in $limit s" "$dir/start.log" ;; esac

# 4. The README's promise: the demo datasets are there on first start (they may still be loading).
while [ $(($(date +%s) - t0)) -lt "$limit" ]; do
  case "$out" in *'"seattle_weather"'*'"movies"'* | *'"movies"'*'"seattle_weather"'*) break ;; esac
  case "$out" in *'"errors"'*) break ;; esac
  kill -0 "$pid" 2>/dev/null || fail "the server exited while loading the demo data" "$dir/start.log"
  sleep 2
  out=$(query '{ datasets { name rowCount } }')
done
echo "     $(echo "$out" | head -c 400)"
case "$out" in
  *'"errors"'*) fail "datasets query answered an error" "$dir/start.log" ;;
  *'"seattle_weather"'*) ok "demo datasets loaded ($(($(date +%s) - t0)) s after npm start)" ;;
  *) fail "demo datasets not loaded in $limit s" "$dir/start.log" ;;
esac

# 5. One query of the tour, on the demo data.
out=$(query '{ insight(query: { dataset: \"seattle_weather\", measures: [{ column: \"precipitation\", agg: SUM }] }) { rows } }')
case "$out" in
  *'"rows":[{'*) ok "an insight query on the demo data" ;;
  *) echo "     $out" | head -c 600; echo; fail "insight query on the demo data" "$dir/start.log" ;;
esac
finish
