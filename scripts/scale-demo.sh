#!/usr/bin/env bash
# Scale-out demo on one machine: a Debian PostgreSQL, an S3-protocol server
# (npm s3rver), one `serve` (API only) and two `worker` processes that share
# nothing but DATABASE_URL and POSTSTELLE_BLOB_URL=s3://… — each process gets
# its own empty data dir, as if it ran on its own machine. A batch of generated
# letters is ingested; the script waits until every document is final, prints
# how many pipeline steps each worker did, and stops everything it started.
#
#   scripts/scale-demo.sh                 # the letters in test/fixtures/generated
#   SCALE_DEMO_COUNT=40 scripts/scale-demo.sh   # a freshly generated batch of 40 letters
#
# Env: SCALE_DEMO_PG_PORT (55432), SCALE_DEMO_TIMEOUT seconds (1200),
#      SCALE_DEMO_KEEP=1 keeps the temp dir (logs, cluster, bucket) for a look afterwards.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PG_PORT=${SCALE_DEMO_PG_PORT:-55432}
TIMEOUT=${SCALE_DEMO_TIMEOUT:-1200}
BUCKET=poststelle-demo
PREFIX=scale
WORK=$(mktemp -d /tmp/poststelle-scale-XXXXXX)
chmod 755 "$WORK"
declare -A NAMES=()   # pid -> process name
PIDS=()
PG_BIN=""
PG_RUN=()

log() { printf '[scale-demo] %s\n' "$*" >&2; }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # Only the processes this script started, by pid: first TERM (graceful), then KILL after 20 s.
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 40); do
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  if [ -n "$PG_BIN" ] && [ -f "$WORK/pg/postmaster.pid" ]; then
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ "${SCALE_DEMO_KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  log "stopped everything (exit $status)"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start() { # name, command… — runs in the background with its own log, remembers the pid
  local name=$1; shift
  "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
  NAMES[$!]=$name
  log "started $name (pid $!)"
}

# --- PostgreSQL (Debian package) ------------------------------------------------
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  log 'installing PostgreSQL (apt-get install postgresql)'
  flock /tmp/apt.lock sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql' >&2
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
mkdir -p "$WORK/pg"
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$WORK/pg"
  PG_RUN=(runuser -u postgres --)   # initdb refuses to run as root
else
  PG_RUN=(env)
fi
"${PG_RUN[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $WORK/pg -c max_connections=200" start >/dev/null
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c 'create database poststelle' postgres
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
PSQL=("$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U postgres poststelle)

# --- S3 server (npm s3rver) -----------------------------------------------------
S3_PORT=$(free_port)
start s3 node --import tsx scripts/s3-server.ts --port "$S3_PORT" --dir "$WORK/s3" --bucket "$BUCKET"
for _ in $(seq 1 60); do grep -q '^ready' "$WORK/s3.log" 2>/dev/null && break; sleep 0.5; done
grep -q '^ready' "$WORK/s3.log" || { log 'S3 server did not start'; cat "$WORK/s3.log" >&2; exit 2; }
log "S3 server on 127.0.0.1:$S3_PORT, bucket $BUCKET"

# --- what every Poststelle process shares ---------------------------------------
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/poststelle"
export POSTSTELLE_BLOB_URL="s3://$BUCKET/$PREFIX"
export S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=eu-central-1
export POSTSTELLE_OCR_CONCURRENCY=1 POSTSTELLE_LOG_LEVEL=warn
export MALLOC_ARENA_MAX=2   # glibc: two malloc arenas instead of eight per core (docs/operations.md, "Memory")
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true   # the SDK nags about Node 20 once per process
unset POSTSTELLE_DATA_DIR
machine() { # each "machine" has its own, empty data dir
  mkdir -p "$WORK/machines/$1"
  printf '%s' "$WORK/machines/$1"
}

# --- one serve (API only) and two workers ---------------------------------------
SERVE_PORT=$(free_port)
start serve node bin/poststelle.js --data-dir "$(machine serve)" serve --port "$SERVE_PORT" --no-workers
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$SERVE_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$SERVE_PORT/healthz" >/dev/null || { log 'serve did not come up'; cat "$WORK/serve.log" >&2; exit 2; }
log "serve on http://127.0.0.1:$SERVE_PORT (migrations applied)"
DB_BEFORE=$("${PSQL[@]}" -c "select pg_database_size(current_database())")
start worker-1 node bin/poststelle.js --data-dir "$(machine worker-1)" worker
start worker-2 node bin/poststelle.js --data-dir "$(machine worker-2)" worker

# --- a batch of generated letters ------------------------------------------------
LETTERS="$WORK/letters"
mkdir -p "$LETTERS"
if [ -n "${SCALE_DEMO_COUNT:-}" ] || [ ! -f test/fixtures/generated/manifest.json ]; then
  log "generating ${SCALE_DEMO_COUNT:-12} letters"
  npx tsx scripts/generate-fixtures.ts --out "$LETTERS" --count "${SCALE_DEMO_COUNT:-12}" --seed 2026 >&2
else
  find test/fixtures/generated -maxdepth 1 -type f ! -name manifest.json -exec cp {} "$LETTERS/" \;
fi
rm -f "$LETTERS/manifest.json"
FILES=$(find "$LETTERS" -type f | wc -l)
STARTED=$(date +%s)
log "ingesting $FILES files"
node bin/poststelle.js --data-dir "$(machine ingest)" ingest "$LETTERS" --json >"$WORK/ingest.jsonl"
DOCS=$(wc -l <"$WORK/ingest.jsonl")
log "accepted $DOCS documents; waiting for the workers"

# --- wait until every document is final --------------------------------------------
FINAL="'routed','needs_review','quarantined','duplicate','failed'"
while :; do
  OPEN=$("${PSQL[@]}" -c "select count(*) from documents where status not in ($FINAL)")
  [ "$OPEN" = 0 ] && break
  if [ $(( $(date +%s) - STARTED )) -gt "$TIMEOUT" ]; then log "timeout with $OPEN documents still open"; exit 2; fi
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { log "${NAMES[$pid]} (pid $pid) died"; tail -n 30 "$WORK/${NAMES[$pid]}.log" >&2; exit 2; }
  done
  sleep 2
done
ELAPSED=$(( $(date +%s) - STARTED ))

# --- report ------------------------------------------------------------------------
NAME_ROWS=""
for pid in "${!NAMES[@]}"; do NAME_ROWS+="${NAME_ROWS:+,}($pid,'${NAMES[$pid]}')"; done
PAGES=$("${PSQL[@]}" -c "select coalesce(sum(page_count),0) from documents")
ORIGINAL_BYTES=$("${PSQL[@]}" -c "select coalesce(sum(size_bytes), 0) from (select distinct original_key, size_bytes from documents) o")
"${PSQL[@]}" -c "checkpoint" >/dev/null
DB_AFTER=$("${PSQL[@]}" -c "select pg_database_size(current_database())")
OBJECTS=$(find "$WORK/s3/$BUCKET" -type f -name '*._S3rver_object' | wc -l)
BYTES=$(find "$WORK/s3/$BUCKET" -type f -name '*._S3rver_object' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
echo
echo "Scale-out demo: $DOCS documents ($PAGES pages) from $FILES files in ${ELAPSED}s"
echo "PostgreSQL 127.0.0.1:$PG_PORT, S3 $POSTSTELLE_BLOB_URL at $S3_ENDPOINT, 1 serve --no-workers, 2 workers (OCR concurrency 1 each)"
echo
echo "Documents by status:"
"${PSQL[@]}" -F $'\t' -c "select '  ' || status, count(*) from documents group by status order by status"
echo
echo "Pipeline steps per process (document_steps.worker_host / worker_pid):"
printf '  %-9s %-8s %6s %10s %9s  %s\n' process pid steps documents step_s 'steps by kind'
"${PSQL[@]}" -F $'\t' -c "
  with names(pid, name) as (values $NAME_ROWS),
  per_kind as (
    select worker_pid, step, count(*) as n from document_steps where status = 'done' group by worker_pid, step
  ),
  kinds as (
    select worker_pid, string_agg(step || ':' || n, ' ' order by step) as by_kind from per_kind group by worker_pid
  )
  select coalesce(names.name, 'other'), s.worker_pid, count(*) filter (where s.status = 'done'),
         count(distinct s.document_id), round(coalesce(sum(s.duration_ms), 0) / 1000.0, 1), kinds.by_kind
  from document_steps s
  left join names on names.pid = s.worker_pid
  left join kinds on kinds.worker_pid = s.worker_pid
  group by names.name, s.worker_pid, kinds.by_kind
  order by 1" | while IFS=$'\t' read -r name pid steps documents busy kinds; do
    printf '  %-9s %-8s %6s %10s %9s  %s\n' "$name" "$pid" "$steps" "$documents" "$busy" "$kinds"
  done
echo
echo "(step_s: seconds inside steps, summed; a worker runs several steps at once, so it can exceed the wall time)"
echo
PER=$(( DOCS > 0 ? DOCS : 1 ))
echo "Blob store: $OBJECTS objects, $BYTES bytes in s3://$BUCKET/$PREFIX = $(( BYTES / PER )) bytes per document"
echo "  originals $ORIGINAL_BYTES bytes ($(( ORIGINAL_BYTES / PER )) per document), derived (page images, PDFs) $(( BYTES - ORIGINAL_BYTES )) bytes ($(( (BYTES - ORIGINAL_BYTES) / PER )) per document)"
echo "PostgreSQL: database grew by $(( DB_AFTER - DB_BEFORE )) bytes = $(( (DB_AFTER - DB_BEFORE) / PER )) bytes per document (tables, indexes, queue jobs)"
for name in serve worker-1 worker-2 ingest; do
  echo "Local data dir of $name: $(find "$WORK/machines/$name" -mindepth 1 | wc -l) entries"
done
