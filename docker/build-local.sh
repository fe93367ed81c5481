#!/usr/bin/env bash
# Builds and smoke-tests the Engram CPU image where no image registry can be reached: the base image is made
# locally (debootstrap of Debian bookworm with a JRE, imported into Docker), the jars are built on the host.
# Needs root, debootstrap and docker.io (apt-get install debootstrap docker.io). Starts its own dockerd with
# no bridge network and no iptables rules, on private sockets under $WORK, and stops it on exit. Works from a fresh
# clone with an empty Maven repository: the jars come from one reactor build (docker/runtime-lib.sh).
#   docker/build-local.sh [MAVEN_OPTION ...]     build engram:local-cpu and run its smoke test; the options go to
#                                                Maven, e.g. -Dmaven.repo.local=/tmp/empty-m2 or -o
# Environment: WORK (default /tmp/engram-docker), DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${WORK:-/tmp/engram-docker}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
export DOCKER_HOST="unix://$WORK/docker.sock"
mkdir -p "$WORK"

stop_dockerd() {
  if [[ -f "$WORK/dockerd.pid" ]]; then
    kill "$(cat "$WORK/dockerd.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do [[ -e "$WORK/dockerd.pid" ]] || break; sleep 0.2; done
  fi
  # dockerd leaves its default network namespace mounted; release it so $WORK can be deleted
  umount "$WORK/exec/netns/default" 2> /dev/null || true
}
trap stop_dockerd EXIT

echo "== dockerd (no bridge, no iptables)"
if ! docker info > /dev/null 2>&1; then
  dockerd --bridge=none --iptables=false --ip-masq=false --data-root "$WORK/data" --exec-root "$WORK/exec" \
    -H "$DOCKER_HOST" --pidfile "$WORK/dockerd.pid" > "$WORK/dockerd.log" 2>&1 &
  for _ in $(seq 1 50); do docker info > /dev/null 2>&1 && break; sleep 0.2; done
  docker info > /dev/null
fi

echo "== base image engram-base:local (Debian bookworm + OpenJDK 17 JRE)"
if ! docker image inspect engram-base:local > /dev/null 2>&1; then
  if [[ ! -x "$WORK/rootfs/usr/bin/java" ]]; then
    debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$WORK/rootfs" "$MIRROR" > "$WORK/debootstrap.log"
    rm -rf "$WORK"/rootfs/var/cache/apt/archives/*.deb "$WORK"/rootfs/var/lib/apt/lists/*
  fi
  tar -C "$WORK/rootfs" -c . | docker import - engram-base:local > /dev/null
fi

echo "== jars"
rm -rf "$WORK/context"
"$ROOT/docker/runtime-lib.sh" "$WORK/context/lib" "$@"
rm -rf "$WORK/context/models" "$WORK/context/samples"
mkdir -p "$WORK/context/models"
[[ -d "$ROOT/models" ]] && cp -r "$ROOT/models/." "$WORK/context/models/"
mkdir -p "$WORK/context/samples"
[[ -d "$ROOT/samples" ]] && cp -r "$ROOT/samples/." "$WORK/context/samples/"

echo "== image engram:local-cpu"
DOCKER_BUILDKIT=0 docker build -q -f "$ROOT/docker/Dockerfile.local" -t engram:local-cpu "$WORK/context" > /dev/null
docker image ls engram:local-cpu --format '{{.Repository}}:{{.Tag}} {{.Size}}'

echo "== smoke test"
docker run --rm --network none engram:local-cpu --version
# the service itself: it either comes up (then its readiness is checked) or stops with its one-line reason
PORT="${SMOKE_HTTP_PORT:-18099}"
docker run -d --name engram-smoke --network host -e MICRONAUT_SERVER_HOST=127.0.0.1 -e MICRONAUT_SERVER_PORT="$PORT" \
  -e ENGRAM_KAFKA_EMBEDDED_PORT="${SMOKE_KAFKA_PORT:-19097}" engram:local-cpu run > /dev/null
trap 'docker rm -f engram-smoke > /dev/null 2>&1 || true; stop_dockerd' EXIT
for _ in $(seq 1 180); do
  if [[ "$(docker inspect -f '{{.State.Running}}' engram-smoke)" != "true" ]]; then break; fi
  if curl -fs "http://127.0.0.1:$PORT/health/readiness" > /dev/null 2>&1; then break; fi
  sleep 1
done
if curl -fs "http://127.0.0.1:$PORT/health/readiness" > /dev/null 2>&1; then
  echo "engram:local-cpu is running and ready on 127.0.0.1:$PORT"
  docker stop -t 60 engram-smoke > /dev/null
  docker logs engram-smoke 2>&1 | grep -E "^Engram is|stopped" || true
else
  echo "engram:local-cpu did not become ready; its output:" >&2
  docker logs engram-smoke 2>&1 | grep -v "^\s*at " | tail -n 5 >&2
  exit 1
fi
