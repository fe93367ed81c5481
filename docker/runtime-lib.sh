#!/usr/bin/env bash
# Builds the service and copies its runtime classpath into one folder: the /opt/engram/lib of every image.
# One Maven reactor call (-pl app -am): the Engram modules resolve from the reactor, never from a local Maven
# repository, so this works on a fresh clone with an empty ~/.m2 (Maven downloads the third-party jars).
#   docker/runtime-lib.sh OUT_DIR [MAVEN_OPTION ...]      e.g. -Dmaven.repo.local=/tmp/empty-m2, -o
# The folder gets app/target/runtime-classpath.txt (the runtime scope the ./engram launcher also runs with: no
# train, lab or tools module) and the app jar.
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "usage: docker/runtime-lib.sh OUT_DIR [MAVEN_OPTION ...]" >&2
  exit 2
fi
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$1"
shift
cd "$ROOT"
mvn -B -q -DskipTests -pl app -am package "$@"
mkdir -p "$OUT"
# written by the app module at process-classes; after `package` its Engram entries are the modules' jars
tr ':' '\n' < app/target/runtime-classpath.txt | while read -r entry; do
  [[ -z "$entry" ]] && continue
  if [[ ! -f "$entry" ]]; then
    echo "runtime-lib: $entry on the runtime classpath is not a jar" >&2
    exit 1
  fi
  cp "$entry" "$OUT/"
done
find app/target -maxdepth 1 -name 'engram-app-*.jar' ! -name '*-tests.jar' -exec cp {} "$OUT/" \;
if ls "$OUT" | grep -E '^engram-(train|lab|tools)-'; then
  echo "runtime-lib: the service's runtime must not hold the offline modules above" >&2
  exit 1
fi
ls "$OUT" | grep -q '^engram-app-' || { echo "runtime-lib: no app jar in app/target" >&2; exit 1; }
