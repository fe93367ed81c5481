#!/usr/bin/env bash
# Validates the compose files (syntax and schema) without a Docker engine. Needs docker-compose
# (Debian: apt-get install docker-compose); without it the check is skipped, loudly.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v docker-compose > /dev/null; then
  echo "docker/validate.sh: docker-compose not installed; compose files NOT validated" >&2
  exit 0
fi
docker-compose -f compose.yaml config -q
docker-compose -f compose.yaml -f compose.gpu.yaml config -q
echo "docker/validate.sh: compose.yaml and compose.gpu.yaml are valid"
