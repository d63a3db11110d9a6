#!/usr/bin/env bash
# Community vs FlaskBB 2.2.0, back to back on this machine (issue 3, "Performance and scale"):
#   1. FlaskBB through its own harness (../shared/anchors/flaskbb/bench.sh): its 200-post topic on
#      one page, anonymous, gunicorn with WORKERS sync workers (plus, by default, its forum index,
#      search and the topic at its default 10 posts a page).
#   2. Community served as README.md's Production section says (gunicorn, gthread workers, the
#      production config), WORKERS processes so both cores work, a member signed in through the
#      real /login form (CSRF token and all) loading a thread of exactly 200 comments:
#        ours_thread_p1   page 1, as the product shows it (50 top-level comments and their replies)
#        ours_thread_all  every comment on one page (bench/wsgi_onepage.py), like FlaskBB's 200/page
#   Same wrk settings on both sides (1 thread, 8 connections, 5 s warm-up, 3 x 20 s, median, 3 s
#   drain, then 5 s with 1 connection), 127.0.0.1 only. Prints req/s of each and the ratio.
#
#   bash bench/compare_flaskbb.sh                 # everything (about 12 minutes; 20 more the first time)
#   FLASKBB=skip bash bench/compare_flaskbb.sh    # ours only; ratio against the last FlaskBB run kept here
#
# Knobs (env, defaults in brackets): DATABASE_URL [sqlite:////tmp/bench/community.db] (seeded with
# 20,000 members, 10,000 threads and 300,000 comments if it has no threads), WORKERS [2],
# GTHREADS [200, as README], KEEPALIVE [0: a new connection per request, as FlaskBB's sync workers
# give wrk and as a reverse proxy without upstream keep-alive gives gunicorn; with keep-alive, wrk's
# 8 long-lived connections can all land on one worker and leave a core idle], PORT [8321], FLASKBB_PORT [8311], CONNS [8], THREADS [1], DURATION [20],
# WARMUP [5], REPEATS [3], C1_DURATION [5], DRAIN [3], FLASKBB [run|skip], FLASKBB_10PP [1] (also
# FlaskBB's topic at its default 10 posts a page; its harness always times index, topic and search),
# ANCHOR [/work/shared/anchors/flaskbb], ANCHOR_DIR [/tmp/anchors/flaskbb], ORDER [flaskbb-first|ours-first].
# Both on PostgreSQL: ANCHOR_DATABASE_URI=postgresql+psycopg2://... (read by FlaskBB's harness; give
# it an ANCHOR_DIR of its own) with DATABASE_URL=postgresql+psycopg://... for ours.
# Every server started here is stopped by its PID. Results: bench/results/compare-<time>/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
ANCHOR="${ANCHOR:-$(cd "$ROOT/../shared/anchors/flaskbb" 2>/dev/null && pwd || echo /work/shared/anchors/flaskbb)}"
export ANCHOR_DIR="${ANCHOR_DIR:-/tmp/anchors/flaskbb}"
DATABASE_URL="${DATABASE_URL:-sqlite:////tmp/bench/community.db}"
WORKERS="${WORKERS:-2}"; GTHREADS="${GTHREADS:-200}"; KEEPALIVE="${KEEPALIVE:-0}"; PORT="${PORT:-8321}"; FLASKBB_PORT="${FLASKBB_PORT:-8311}"
CONNS="${CONNS:-8}"; THREADS="${THREADS:-1}"; DURATION="${DURATION:-20}"; WARMUP="${WARMUP:-5}"
REPEATS="${REPEATS:-3}"; C1_DURATION="${C1_DURATION:-5}"; DRAIN="${DRAIN:-3}"
FLASKBB="${FLASKBB:-run}"; FLASKBB_10PP="${FLASKBB_10PP:-1}"; ORDER="${ORDER:-flaskbb-first}"
PY="$ROOT/.venv/bin/python"
BASE="http://127.0.0.1:$PORT"
RES="$ROOT/bench/results/compare-$(date -u +%Y%m%dT%H%M%SZ)"
INSTANCE="${TMPDIR:-/tmp}/community-bench-serve"
mkdir -p "$RES" "$INSTANCE"
log() { printf '[compare %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------- tools
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk (apt)"
  apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
fi
command -v curl >/dev/null || { echo "curl missing" >&2; exit 1; }
[ -x "$PY" ] || { echo "no $PY: run 'make setup' first" >&2; exit 1; }
[ -f "$ANCHOR/bench.sh" ] || { echo "FlaskBB harness not found at $ANCHOR (set ANCHOR=...)" >&2; exit 1; }
# FlaskBB 2.2.0 needs Python >= 3.12; bench.sh looks on PATH and in pyenv.
for d in "${PYENV_ROOT:-}" /root/.pyenv "$HOME/.pyenv"; do
  [ -n "$d" ] && [ -x "$d/bin/pyenv" ] && export PATH="$d/bin:$PATH" && break
done

# Same measure as the anchor's idle_check: whole-machine CPU busy % over 2 s while we wait.
idle_check() {  # label
  local a b tot=0 i idle busy
  a=($(head -1 /proc/stat)); sleep 2; b=($(head -1 /proc/stat))
  for i in 1 2 3 4 5 6 7 8; do tot=$(( tot + b[i] - a[i] )); done
  idle=$(( b[4] - a[4] + b[5] - a[5] ))
  busy=$(( tot > 0 ? 100 * (tot - idle) / tot : 0 ))
  echo "{\"page\":\"$1\",\"kind\":\"idle_check\",\"busy_pct\":$busy}" >> "$RES/runs.jsonl"
  if [ "$busy" -gt 10 ]; then log "WARNING: machine ${busy}% busy before $1 (other load?)"; fi
}

# ---------------------------------------------------------------- FlaskBB
run_flaskbb() {
  if [ "$FLASKBB" = skip ]; then
    local last
    last=$(ls -d "$ROOT"/bench/results/compare-*/flaskbb-summary.json 2>/dev/null | sort | tail -1 || true)
    [ -n "$last" ] || { echo "FLASKBB=skip but no earlier FlaskBB run in bench/results/" >&2; exit 1; }
    log "FlaskBB: reusing $last"
    cp "$last" "$RES/flaskbb-summary.json"
    echo '{"reused": "'"$last"'"}' > "$RES/flaskbb-reused.json"
    return
  fi
  idle_check flaskbb_start
  log "FlaskBB 2.2.0 via $ANCHOR/bench.sh (REUSE_VENV=1 REUSE_DATA=1: installs and seeds only the first time)"
  REUSE_VENV=1 REUSE_DATA=1 PORT="$FLASKBB_PORT" WORKERS="$WORKERS" CONNS="$CONNS" THREADS="$THREADS" \
    DURATION="$DURATION" WARMUP="$WARMUP" REPEATS="$REPEATS" C1_DURATION="$C1_DURATION" DRAIN="$DRAIN" \
    DEFAULT_PAGINATION_PASS="$FLASKBB_10PP" \
    bash "$ANCHOR/bench.sh" > "$RES/flaskbb.log" 2>&1 \
    || { tail -20 "$RES/flaskbb.log" >&2; echo "FlaskBB harness failed (log: $RES/flaskbb.log)" >&2; exit 1; }
  cp "$ANCHOR_DIR/results/summary.json" "$RES/flaskbb-summary.json"
  cp "$ANCHOR_DIR/results/runs.jsonl" "$RES/flaskbb-runs.jsonl"
  log "FlaskBB done"
}

# ---------------------------------------------------------------- ours
prepare_data() {
  # Brings the schema to the newest migration; seeds only a database without threads.
  (cd "$ROOT" && "$PY" -m bench.seed --threads 10000 --comments 300000 --if-empty \
      --database-url "$DATABASE_URL") > "$RES/seed.log" 2>&1 \
    || { tail -20 "$RES/seed.log" >&2; echo "bench.seed failed" >&2; exit 1; }
  grep -v '^INFO' "$RES/seed.log" >&2 || true
  # Which thread, and who signs in: the same choice as bench.pages.
  (cd "$ROOT" && "$PY" - "$DATABASE_URL" > "$RES/plan.json" <<'EOF'
import json, sys
from bench import bench_app
from bench.threads import plan
app = bench_app(sys.argv[1])
with app.app_context():
    p = plan()
    print(json.dumps({"thread_id": p.thread_id, "thread_comments": p.thread_comments, "pages": p.last_page,
                      "email": p.viewer_email, **p.context}))
EOF
)
  THREAD_ID=$("$PY" -c "import json; print(json.load(open('$RES/plan.json'))['thread_id'])")
  EMAIL=$("$PY" -c "import json; print(json.load(open('$RES/plan.json'))['email'])")
  log "thread $THREAD_ID (200 comments), signed in as $EMAIL"
}

GPID=""
stop_server() {
  if [ -n "$GPID" ] && kill -0 "$GPID" 2>/dev/null; then
    kill -TERM "$GPID"
    for _ in $(seq 1 40); do kill -0 "$GPID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$GPID" 2>/dev/null && kill -KILL "$GPID"
    wait "$GPID" 2>/dev/null || true
    log "gunicorn $GPID stopped"
  fi
  GPID=""
}
trap stop_server EXIT

start_ours() {  # wsgi module:app
  # README.md, Production: COMMUNITY_ENV=production, a real SECRET_KEY, gunicorn gthread.
  # Plain http on 127.0.0.1, so the session cookie may not be Secure (README: SESSION_COOKIE_SECURE=0).
  # No Redis: nothing here uses live rooms, and the one sign-in stays far below its rate limit.
  env COMMUNITY_ENV=production SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')" \
      DATABASE_URL="$DATABASE_URL" SESSION_COOKIE_SECURE=0 INSTANCE_PATH="$INSTANCE" \
      "$ROOT/.venv/bin/gunicorn" --chdir "$ROOT" --no-control-socket -w "$WORKERS" -k gthread \
      --threads "$GTHREADS" --keep-alive "$KEEPALIVE" -b "127.0.0.1:$PORT" --error-logfile "$RES/gunicorn.err" "$1" &
  GPID=$!
  for _ in $(seq 1 60); do
    curl -s -o /dev/null --max-time 2 "$BASE/healthz" && { log "gunicorn ($1) up, master pid $GPID"; return 0; }
    sleep 0.5
  done
  echo "gunicorn did not come up (see $RES/gunicorn.err)" >&2; exit 1
}

sign_in() {  # -> COOKIE="session=..."
  local jar="$RES/cookies.txt" tok code
  rm -f "$jar"
  tok=$(curl -s --max-time 10 -c "$jar" "$BASE/login" | grep -o 'name="csrf_token"[^>]*value="[^"]*"' \
        | head -1 | sed 's/.*value="//; s/"$//')
  [ -n "$tok" ] || { echo "no csrf_token on /login" >&2; exit 1; }
  code=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
         --data-urlencode "csrf_token=$tok" --data-urlencode "email=$EMAIL" \
         --data-urlencode "password=bench-password-2026" "$BASE/login")
  [ "$code" = 302 ] || { echo "sign-in answered $code, not 302" >&2; exit 1; }
  COOKIE=$(awk '$6=="session"{print "session="$7}' "$jar")
  [ -n "$COOKIE" ] || { echo "no session cookie after sign-in" >&2; exit 1; }
}

check_page() {  # name url min_posts
  local out="$RES/check_$1.html" n
  curl -s --max-time 30 -o "$out" -b "$COOKIE" "$BASE$2"
  n=$(grep -o '<article class="community-post' "$out" | wc -l)
  log "check $1 ($2): $(wc -c < "$out") bytes, $n posts"
  [ "$n" -ge "$3" ] || { echo "page check failed for $1: $n posts (signed in?)" >&2; exit 1; }
}

run_wrk() {  # page url kind rep duration conns
  local line
  line=$(WRK_COOKIE="$COOKIE" wrk -t"$THREADS" -c"$6" -d"$5"s --timeout 10s -s "$ANCHOR/wrk_report.lua" "$BASE$2" \
         | grep '^WRKJSON ' | sed 's/^WRKJSON //')
  [ -n "$line" ] || { echo "wrk produced no summary" >&2; exit 1; }
  echo "{\"page\":\"$1\",\"url\":\"$2\",\"kind\":\"$3\",\"rep\":$4,${line#\{}" >> "$RES/runs.jsonl"
  log "$1 $3#$4: $line"
  sleep "$DRAIN"
}

# CPU seconds each gunicorn worker has used: wrk keeps its 8 connections open and a gthread
# worker keeps a connection it accepted, so check that both workers got a share of the work.
worker_cpu() {
  local pid tck
  tck=$(getconf CLK_TCK)
  for pid in $(pgrep -P "$GPID" | sort -n); do
    awk -v t="$tck" '{printf "%.1f ", ($14 + $15) / t}' "/proc/$pid/stat"
  done
}

measure() {  # page url
  local before after
  idle_check "$1"
  run_wrk "$1" "$2" warmup 0 "$WARMUP" "$CONNS"
  before=$(worker_cpu)
  for rep in $(seq 1 "$REPEATS"); do run_wrk "$1" "$2" load "$rep" "$DURATION" "$CONNS"; done
  after=$(worker_cpu)
  log "$1: worker CPU seconds before load [$before], after [$after]"
  echo "{\"page\":\"$1\",\"kind\":\"worker_cpu\",\"before\":\"$before\",\"after\":\"$after\"}" >> "$RES/runs.jsonl"
  run_wrk "$1" "$2" c1 1 "$C1_DURATION" 1
}

run_ours() {
  prepare_data
  start_ours wsgi:app
  sign_in
  check_page ours_thread_p1 "/threads/$THREAD_ID" 50
  measure ours_thread_p1 "/threads/$THREAD_ID"
  stop_server
  start_ours bench.wsgi_onepage:app
  sign_in
  check_page ours_thread_all "/threads/$THREAD_ID" 200
  measure ours_thread_all "/threads/$THREAD_ID"
  stop_server
  if grep -qE 'Traceback|ERROR' "$RES/gunicorn.err"; then log "WARNING: errors in $RES/gunicorn.err"; fi
}

T0=$(date +%s)
if [ "$ORDER" = ours-first ]; then run_ours; run_flaskbb; else run_flaskbb; run_ours; fi
cat > "$RES/meta.json" <<EOF
{"workers": $WORKERS, "gthreads": $GTHREADS, "keepalive": $KEEPALIVE, "conns": $CONNS, "wrk_threads": $THREADS, "duration_s": $DURATION,
 "warmup_s": $WARMUP, "repeats": $REPEATS, "database_url": "$DATABASE_URL", "order": "$ORDER",
 "cpus": $(nproc), "wrk": "$(wrk -v 2>&1 | head -1 | awk '{print $2}')",
 "commit": "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)", "t_total_s": $(( $(date +%s) - T0 ))}
EOF
"$PY" "$HERE/compare_summary.py" "$RES"
