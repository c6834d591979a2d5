#!/usr/bin/env bash
# A real Spark standalone cluster on loopback, from the shaded jar alone (no Spark download):
# one master and two workers (1 core, 2 GB each) on 127.0.0.1, the same jar submitted through
# org.apache.spark.deploy.SparkSubmit in client mode, running `run` on a landing zone. Checks that
# the cluster's warehouse equals a local[*] run's, table by table and row for row (the bench jar's compare),
# then does it again killing one worker and its executor (kill -9) in the middle of the run.
#
#   scripts/cluster-test.sh                         # data-samples, 2023-11 to 2026-10
#   FROM=2026-08 TO=2026-10 scripts/cluster-test.sh # a shorter run
#   SCENARIOS=plain scripts/cluster-test.sh         # only the first scenario (plain | kill | both)
#
# Every process it starts is stopped on exit (trap); each step is bounded in time; nothing listens
# on any address but 127.0.0.1. Results (logs, warehouses, a summary) go to $OUT
# (default target/cluster-test/). docs/cluster.md describes it and its results.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

JAR=${JAR:-$repo/jobs/target/organiser-metrics.jar}
# The warehouse comparison is the bench module's (mvn -Pbench -pl bench -am -DskipTests package builds both jars).
BENCH_JAR=${BENCH_JAR:-$repo/bench/target/organiser-metrics-bench.jar}
LANDING=${LANDING:-$repo/data-samples}
FROM=${FROM:-2023-11}
TO=${TO:-2026-10}
OUT=${OUT:-$repo/target/cluster-test}
OUT=$(realpath -m "$OUT")   # absolute: the cluster warehouse is given as a file:// URI
SCENARIOS=${SCENARIOS:-both}
MASTER_PORT=${MASTER_PORT:-17077}     # not Spark's default 7077/8080, to keep clear of anyone else's
MASTER_UI_PORT=${MASTER_UI_PORT:-18080}
WORKER_MEMORY=${WORKER_MEMORY:-2g}
EXECUTOR_MEMORY=${EXECUTOR_MEMORY:-1500m}
RUN_TIMEOUT=${RUN_TIMEOUT:-1200}      # seconds for one run (local or cluster)
KILL_AFTER_LINE=${KILL_AFTER_LINE:-IngestJob: }  # the driver log line after which a worker is killed
KILL_DELAY=${KILL_DELAY:-3}           # seconds after that line

[ -f "$JAR" ] || { echo "no $JAR: build it first (mvn -q -Pbench -pl bench -am -DskipTests package)" >&2; exit 2; }
[ -f "$BENCH_JAR" ] || { echo "no $BENCH_JAR (it compares the warehouses): build it first (mvn -q -Pbench -pl bench -am -DskipTests package)" >&2; exit 2; }
[ -d "$LANDING" ] || { echo "no landing zone $LANDING" >&2; exit 2; }

# The JVM openings Spark needs on Java 17, from the pom (the manifest's Add-Opens only count under java -jar).
ADD_OPENS=$(sed -n 's:.*<spark.add-opens>\(.*\)</spark.add-opens>.*:\1:p' pom.xml)
[ -n "$ADD_OPENS" ] || { echo "spark.add-opens not found in pom.xml" >&2; exit 2; }

export SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=localhost
unset SPARK_HOME SPARK_MASTER JAVA_TOOL_OPTIONS

# REUSE_LOCAL=1 keeps the local reference warehouse of an earlier run of this script (same landing and months).
kept=""
if [ "${REUSE_LOCAL:-0}" = 1 ] && [ -d "$OUT/wh-local/runs" ]; then
  kept=$(mktemp -d)
  mv "$OUT/wh-local" "$OUT/local.log" "$kept/"
fi
rm -rf "$OUT"
mkdir -p "$OUT"
if [ -n "$kept" ]; then
  mv "$kept/wh-local" "$kept/local.log" "$OUT/" && rmdir "$kept"
fi
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/summary.txt"; }

# A fake SPARK_HOME for the workers: their ExecutorRunner builds each executor's classpath from
# $SPARK_HOME/jars/* (and fails if there is no such folder), so it holds a link to the shaded jar.
# Spark's launcher also looks for build folders to learn the Scala version unless it is told.
export SPARK_SCALA_VERSION=2.13
spark_home="$OUT/spark-home"
mkdir -p "$spark_home/jars" "$spark_home/conf"
ln -s "$JAR" "$spark_home/jars/organiser-metrics.jar"

pgids=()   # each daemon runs in its own session/process group (setsid): its executors go with it
stop_all() {
  local pg
  for pg in "${pgids[@]}"; do
    kill -TERM -- "-$pg" 2>/dev/null || true
  done
  sleep 2
  for pg in "${pgids[@]}"; do
    kill -KILL -- "-$pg" 2>/dev/null || true
  done
  pgids=()
}
trap 'stop_all' EXIT
trap 'exit 130' INT TERM

# start NAME CMD...: runs CMD in a new session (setsid), logs to $OUT/NAME.log, echoes its pid (= its pgid)
start() {
  local name=$1; shift
  setsid "$@" >"$OUT/$name.log" 2>&1 < /dev/null &
  local pid=$!
  pgids+=("$pid")
  echo "$pid" > "$OUT/$name.pid"
}

wait_for_log() { # FILE PATTERN SECONDS
  local deadline=$(( $(date +%s) + $3 ))
  until grep -q -- "$2" "$1" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out waiting for '$2' in $1" >&2; tail -20 "$1" >&2; return 1; }
    sleep 1
  done
}

# The jar's log4j2.properties keeps Spark at warn; the daemons log at info, so their
# "elected leader" / "registered with master" / "executor lost" lines can be waited for and read.
cat > "$OUT/log4j2-daemons.properties" <<'PROPS'
rootLogger.level = info
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %-5p %c{1}: %m%n
PROPS
daemon_java=(java -Xmx512m $ADD_OPENS -Dlog4j2.configurationFile="$OUT/log4j2-daemons.properties" -cp "$JAR")
master_url="spark://127.0.0.1:$MASTER_PORT"

start_cluster() {
  start master "${daemon_java[@]}" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_UI_PORT"
  wait_for_log "$OUT/master.log" "Master: I have been elected leader" 90
  local i
  for i in 1 2; do
    mkdir -p "$OUT/worker$i-work"
    SPARK_HOME="$spark_home" start "worker$i" "${daemon_java[@]}" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores 1 --memory "$WORKER_MEMORY" --webui-port $((MASTER_UI_PORT + i)) \
      --work-dir "$OUT/worker$i-work" "$master_url"
  done
  for i in 1 2; do
    wait_for_log "$OUT/worker$i.log" "Successfully registered with master" 90
  done
  log "cluster up: master $master_url (pid $(cat "$OUT/master.pid")), workers pids $(cat "$OUT/worker1.pid") $(cat "$OUT/worker2.pid")"
}

# The driver: the program's own settings (ours at info, Spark at warn) plus Spark's scheduler at
# info, so the log shows executors being lost and tasks resubmitted.
cp jobs/src/main/resources/log4j2.properties "$OUT/log4j2-driver.properties"
cat >> "$OUT/log4j2-driver.properties" <<'PROPS'
logger.scheduler.name = org.apache.spark.scheduler
logger.scheduler.level = info
logger.cluster.name = org.apache.spark.scheduler.cluster
logger.cluster.level = info
PROPS

run_args=(run --landing "$LANDING" --from "$FROM" --to "$TO" --demo)

# submit NAME WAREHOUSE: the same jar through SparkSubmit, client mode, driver in this JVM.
submit() {
  local name=$1 warehouse=$2
  # JDK_JAVA_OPTIONS: the driver's openings (SparkSubmit is launched with -cp, so the manifest does not count).
  JDK_JAVA_OPTIONS="$ADD_OPENS -Dlog4j2.configurationFile=$OUT/log4j2-driver.properties" timeout "$RUN_TIMEOUT" java -Xmx2g -cp "$JAR" org.apache.spark.deploy.SparkSubmit \
    --master "$master_url" --deploy-mode client \
    --class org.organisermetrics.cli.Main \
    --name "organiser-metrics cluster-test $name" \
    --executor-memory "$EXECUTOR_MEMORY" --total-executor-cores 2 \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
    --conf "spark.executor.extraJavaOptions=$ADD_OPENS" \
    --conf spark.sql.shuffle.partitions=8 \
    --conf spark.ui.enabled=false \
    "$JAR" "${run_args[@]}" --warehouse "file://$warehouse"
}

compare() { # LEFT RIGHT LABEL
  if java -Xmx1g -jar "$BENCH_JAR" compare --left "$1" --right "$2" > "$OUT/compare-$3.txt" 2>&1; then
    log "$3: identical to the local run ($(grep -c '^ok' "$OUT/compare-$3.txt") tables compared)"
  else
    log "$3: DIFFERS from the local run:"
    grep -v '^ok' "$OUT/compare-$3.txt" | tee -a "$OUT/summary.txt" >&2
    return 1
  fi
}

log "load average before: $(cut -d' ' -f1-3 /proc/loadavg); jar $JAR; landing $LANDING; $FROM to $TO"

# 1. The local reference run: java -jar, local[*].
if [ -n "$kept" ]; then
  log "local run: reused from an earlier run (REUSE_LOCAL=1)"
else
  t0=$(date +%s)
  timeout "$RUN_TIMEOUT" java -jar "$JAR" "${run_args[@]}" --warehouse "$OUT/wh-local" > "$OUT/local.log" 2>&1 \
    || { log "local run failed (see $OUT/local.log)"; tail -20 "$OUT/local.log" >&2; exit 1; }
  log "local run: $(( $(date +%s) - t0 )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
fi

status=0
start_cluster

# 2. Plain: the same run on the cluster.
if [ "$SCENARIOS" = plain ] || [ "$SCENARIOS" = both ]; then
  t0=$(date +%s)
  if submit plain "$OUT/wh-cluster" > "$OUT/driver-plain.log" 2>&1; then
    log "cluster run: $(( $(date +%s) - t0 )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
    compare "$OUT/wh-local" "$OUT/wh-cluster" cluster || status=1
  else
    log "cluster run FAILED (see $OUT/driver-plain.log)"; tail -30 "$OUT/driver-plain.log" >&2; status=1
  fi
fi

# 3. Kill: worker 2 and its executor are killed (-9) mid-run; the run must still finish the same.
if [ "$SCENARIOS" = kill ] || [ "$SCENARIOS" = both ]; then
  t0=$(date +%s)
  submit kill "$OUT/wh-cluster-kill" > "$OUT/driver-kill.log" 2>&1 &
  submit_pid=$!
  if wait_for_log "$OUT/driver-kill.log" "$KILL_AFTER_LINE" "$RUN_TIMEOUT"; then
    sleep "$KILL_DELAY"
    # Kill while worker 2's executor is running a task: its executor id is in the worker's log
    # ("Asked to launch executor app-.../N"); wait for the driver to start a task on it.
    w2=$(cat "$OUT/worker2.pid")
    exec_id=$(grep -o 'Asked to launch executor app-[0-9-]*/[0-9]*' "$OUT/worker2.log" | tail -1 | sed 's:.*/::')
    seen=$(grep -c "Starting task" "$OUT/driver-kill.log" || true)
    deadline=$(( $(date +%s) + 120 ))
    while [ -n "$exec_id" ] && [ "$(date +%s)" -lt "$deadline" ]; do
      if tail -n +"$((seen + 1))" "$OUT/driver-kill.log" | grep -q "Starting task.*executor $exec_id,"; then break; fi
      sleep 0.2
    done
    executors=$(pgrep -P "$w2" -d' ' || true)
    kill -9 $executors "$w2" 2>/dev/null || true
    log "killed worker 2 (pid $w2) and its executor ${exec_id:-?} (pid(s) ${executors:-none running}) $(( $(date +%s) - t0 )) s into the run"
  fi
  if wait "$submit_pid"; then
    log "cluster run with a killed worker: $(( $(date +%s) - t0 )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
    lost=$(grep -c -i -E "Lost executor|ExecutorLostFailure" "$OUT/driver-kill.log" || true)
    # Spark 4 logs a task lost with its executor (not the task's fault) at info, without "Lost task".
    lost_tasks=$(grep -c -E "Lost task .*(ExecutorLostFailure|worker lost)|its executor exited for a reason unrelated to the task" "$OUT/driver-kill.log" || true)
    log "driver log: $lost lines about the lost executor, $lost_tasks task(s) lost with it and run again"
    compare "$OUT/wh-local" "$OUT/wh-cluster-kill" cluster-kill || status=1
  else
    log "cluster run with a killed worker FAILED (see $OUT/driver-kill.log)"; tail -30 "$OUT/driver-kill.log" >&2; status=1
  fi
fi

log "load average after: $(cut -d' ' -f1-3 /proc/loadavg); result: $([ $status = 0 ] && echo PASS || echo FAIL)"
exit $status
