#!/usr/bin/env bash
# Measures one Sluice node side by side with a plain nginx reverse proxy, in one run on one machine.
#
# nginx plays a near-zero-cost upstream that returns a canned chat completion. Four targets get the same wrk
# load one after another: the upstream itself, nginx as a reverse proxy in front of it, Sluice passing
# through to it (cache bypassed), and Sluice serving from its cache (cache hit).
#
# Usage: loadtest/bench/gateway-bench.sh [seconds per target, default 20] [connections, default 32]
# Needs: nginx and wrk (Debian: apt-get install nginx wrk), a JDK 21+, Maven for the first build.
# Everything listens on 127.0.0.1 and is stopped by PID when the script ends.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/bin/find-java.sh"
find_java
duration=${1:-20}
connections=${2:-32}
threads=2
for tool in nginx wrk; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install nginx wrk" >&2; exit 1; }
done
node_jar="$root/gateway-node/target/sluice-gateway-node.jar"
[ -f "$node_jar" ] || (cd "$root" && MAVEN_OPTS="$(maven_opts)" mvn -B -q -DskipTests package)

work=$(mktemp -d /tmp/sluice-bench.XXXXXX)
upstream_port=18091
proxy_port=18092
sluice_port=18093
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

answer='{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench-model","choices":[{"index":0,"message":{"role":"assistant","content":"The quick brown fox jumps over the lazy dog.","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":10,"total_tokens":22}}'
mkdir -p "$work/nginx/logs"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $work/nginx/logs/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 4096; }
http {
    access_log off;
    upstream canned { server 127.0.0.1:$upstream_port; keepalive 128; }
    server {
        listen 127.0.0.1:$upstream_port;
        location / { default_type application/json; return 200 '$answer'; }
    }
    server {
        listen 127.0.0.1:$proxy_port;
        location / {
            proxy_pass http://canned;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)

bench_key=sk-bench-0001
cat > "$work/gateway.yaml" <<CONF
server:
  host: 127.0.0.1
  port: $sluice_port
cluster:
  hazelcast-config: classpath:sluice/single/hazelcast.yaml
  name: sluice-bench
providers:
  - name: canned
    base-url: http://127.0.0.1:$upstream_port/v1
aliases:
  - name: bench-pass
    provider: canned
    upstream-model: bench-model
    cache:
      mode: never
  - name: bench-cached
    provider: canned
    upstream-model: bench-model
    cache:
      mode: always
keys:
  - id: bench
    tenant: bench
    key-env: BENCH_KEY
telemetry:
  access-log: false
CONF
# shellcheck disable=SC2046
BENCH_KEY=$bench_key java $(node_java_flags) -Xmx1g -jar "$node_jar" --config "$work/gateway.yaml" \
    > "$work/sluice.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$sluice_port/health/ready" >/dev/null && break
    sleep 0.5
done

body() {
    printf '{"model":"%s","temperature":0,"messages":[{"role":"user","content":"Say something short."}]}' "$1"
}

run() {
    local name=$1 url=$2 model=$3
    export BENCH_BODY BENCH_KEY=$bench_key
    BENCH_BODY=$(body "$model")
    wrk -t"$threads" -c"$connections" -d5s -s "$root/loadtest/bench/post-chat.lua" "$url" >/dev/null
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$root/loadtest/bench/post-chat.lua" "$url" \
        > "$work/$name.txt"
    awk -v name="$name" '
        /Requests\/sec/ { rps = $2 }
        /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
        /Non-2xx/ { errors = $NF }
        END { printf "| %-24s | %10s | %8s | %8s | %8s | %6s |\n", name, rps, p50, p90, p99, errors + 0 }
    ' "$work/$name.txt"
}

url="/v1/chat/completions"
echo "wrk: $threads threads, $connections connections, ${duration}s per target after a 5s warm-up"
echo "| target                   |  req/s     |  p50     |  p90     |  p99     | non-2xx |"
echo "|--------------------------|------------|----------|----------|----------|--------|"
run "nginx upstream (direct)" "http://127.0.0.1:$upstream_port$url" bench-model
run "nginx reverse proxy" "http://127.0.0.1:$proxy_port$url" bench-model
run "Sluice pass-through" "http://127.0.0.1:$sluice_port$url" bench-pass
run "Sluice cache hit" "http://127.0.0.1:$sluice_port$url" bench-cached
echo "raw wrk output and the node log: $work"
