#!/usr/bin/env bash
# Counts the public types and public methods (record accessors included) that an embedder of
# leaklab-core, leaklab-junit and leaklab-micrometer can use: public classes outside
# dev.leaklab.internal, as compiled in */target/classes. Build first:
#   mvn -B -q -DskipTests package      (JDK 25)
# Usage: results/reference/api-surface-20261203/run.sh [--list]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); top=$(cd "$here/../../.." && pwd)
source "$top/scripts/jdk.sh"; leaklab_find_jdk
repo=${MAVEN_REPO:-$HOME/.m2/repository}
cp=$(find "$repo/com/fasterxml/jackson/core/jackson-core" "$repo/org/junit/jupiter/junit-jupiter-api" \
      "$repo/org/junit/platform/junit-platform-commons" "$repo/io/micrometer/micrometer-core" \
      "$repo/io/micrometer/micrometer-commons" "$repo/io/micrometer/micrometer-observation" "$repo/io/prometheus" \
      -name '*.jar' | tr '\n' ':')"$top/core/target/classes"
[ "${1:-}" = --list ] && export LIST=1
for m in core junit micrometer; do
  "$JAVA_HOME/bin/java" "$here/Surface.java" "$top/$m/target/classes" "$cp"
done
