#!/usr/bin/env bash
# Production smoke test, run by .ci/run after the test suites: the site as "Running in production"
# in docs/operations.md runs it (DJANGO_ENV=production, gunicorn, PostgreSQL, WhiteNoise, the task worker),
# first with the in-process cache, then with Redis (CACHE_URL); then a backup restored into a
# new database. Everything it starts or creates is removed again on exit, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
WORK=$(mktemp -d)
SMOKE_DB=kokebok_smoke
RESTORE_DB=kokebok_restore
GUNICORN_PID=""
REDIS_PID=""

cleanup() {
    status=$?
    set +e
    if [ "$status" -ne 0 ] && [ -f "$WORK/gunicorn.log" ]; then
        echo "-- the last lines of gunicorn's log"
        tail -n 40 "$WORK/gunicorn.log"
    fi
    [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null
    [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null
    su postgres -c "dropdb --if-exists $SMOKE_DB; dropdb --if-exists $RESTORE_DB" >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_gunicorn() {
    PORT=$(free_port)
    .venv/bin/gunicorn -c gunicorn.conf.py --bind "127.0.0.1:$PORT" kokebok.wsgi \
        >>"$WORK/gunicorn.log" 2>&1 &
    GUNICORN_PID=$!
    "$PY" .ci/smoke.py "http://127.0.0.1:$PORT" --wait
}

stop_gunicorn() {
    kill "$GUNICORN_PID"
    wait "$GUNICORN_PID" || true
    GUNICORN_PID=""
}

# A new database each run: no rate-limit rows or data left over from an earlier run.
su postgres -c "dropdb --if-exists $SMOKE_DB; dropdb --if-exists $RESTORE_DB"
su postgres -c "createdb -O kokebok $SMOKE_DB"

export DJANGO_ENV=production
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto PROXY_COUNT=1
export DATABASE_URL="postgres://kokebok:kokebok@127.0.0.1:5432/$SMOKE_DB"
export STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media"
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH="$WORK/mail"
export LOG_FORMAT=json
unset CACHE_URL

echo "-- migrate, collectstatic, demo call"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py collectstatic --noinput -v0
"$PY" manage.py seed_demo --allow-production >/dev/null 2>&1
"$PY" manage.py check --deploy --fail-level WARNING

echo "-- gunicorn, cache in each process"
start_gunicorn
"$PY" .ci/smoke.py "http://127.0.0.1:$PORT"
stop_gunicorn

echo "-- the worker sends the queued e-mails"
queued=$("$PY" manage.py shell -v0 -c \
    "from django_tasks_db.models import DBTaskResult; print(DBTaskResult.objects.filter(status='READY').count())")
# The short pitch sends its sender one e-mail (the link); the contact persons are invited later.
[ "$queued" -ge 1 ] || { echo "expected the pitch's confirmation queued, found $queued"; exit 1; }
"$PY" manage.py db_worker --batch --no-reload --no-startup-delay -v0
sent=$(find "$WORK/mail" -type f | wc -l)
[ "$sent" -eq "$queued" ] || { echo "queued $queued e-mails, $sent sent"; exit 1; }
echo "ok   $queued queued e-mails sent by db_worker"

echo "-- gunicorn with Redis as the shared cache"
if ! command -v redis-server >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q redis-server >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null && apt-get install -y -q redis-server >/dev/null; }
fi
REDIS_PORT=$(free_port)
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
export CACHE_URL="redis://127.0.0.1:$REDIS_PORT/1"
start_gunicorn
"$PY" .ci/smoke.py "http://127.0.0.1:$PORT" --expect-cache
stop_gunicorn
"$PY" manage.py check --deploy --fail-level WARNING
unset CACHE_URL

echo "-- the logs: JSON lines, no addresses"
grep -q '"event": "pitch_created"' "$WORK/gunicorn.log" || { echo "no pitch_created log line"; exit 1; }
if grep -q "@example.no" "$WORK/gunicorn.log"; then echo "an e-mail address in the log"; exit 1; fi
echo "ok   structured log lines without e-mail addresses"

echo "-- backup restored into a new database"
"$PY" manage.py export_all "$WORK/before.json"
su postgres -c "createdb -O kokebok $RESTORE_DB"
DATABASE_URL="postgres://kokebok:kokebok@127.0.0.1:5432/$RESTORE_DB" "$PY" manage.py migrate --noinput -v0
DATABASE_URL="postgres://kokebok:kokebok@127.0.0.1:5432/$RESTORE_DB" "$PY" manage.py import_all "$WORK/before.json"
DATABASE_URL="postgres://kokebok:kokebok@127.0.0.1:5432/$RESTORE_DB" "$PY" manage.py export_all "$WORK/after.json"
"$PY" - "$WORK/before.json" "$WORK/after.json" <<'PYTHON'
import json, sys
before, after = (json.load(open(path, encoding="utf-8")) for path in sys.argv[1:])
for old, new in zip(before, after):
    if old != new:  # name the first difference, so a failure can be understood
        print("before:", json.dumps(old, ensure_ascii=False)[:2000])
        print("after: ", json.dumps(new, ensure_ascii=False)[:2000])
        break
print(f"rows: {len(before)} before, {len(after)} after")
assert before == after, "the restored database differs from the backup"
print(f"ok   {len(before)} rows restored")
PYTHON
echo "Production smoke test passed."
