#!/bin/bash
# commons-pool's tests with and without leaklab-junit, paired and interleaved (issue 27): each round
# runs the three set-ups one after another (without, the extension alone, the extension with the
# agent), so the shared machine's drift falls on all three; wall time is date +%s.%N around each
# whole mvn (Maven's start-up and the fork included). See results/junit-on-commons-pool.md for how
# DIR (a commons-pool checkout with the scratch pom, compiled) is made.
#   cpool.sh DIR LEAKLAB_JARS_DIR OUT.tsv ROUNDS SET
# SET is "all" (the 11 classes) or "clean" (the same without the tests that leak for real).
set -e
DIR=${1:?usage: cpool.sh DIR JARS OUT.tsv ROUNDS SET}; JARS=${2:?}; OUT=${3:?}; ROUNDS=${4:-2}; SET=${5:-all}
T="TestPoolUtils,TestEvictionTimer,TestAbandonedObjectPool,TestLinkedBlockingDeque,TestResilientPooledObjectFactory,TestSoftReferenceObjectPool,TestBaseGenericObjectPool,TestGenericObjectPoolFactoryCreateFailure,TestDefaultPooledObject,TestSynchronizedPooledObjectFactory,TestGenericObjectPoolClassLoaders"
if [ "$SET" = clean ]; then
  T="$T,!TestDefaultPooledObject#testGetIdleTimeMillis,!TestResilientPooledObjectFactory#testAdderStartStop,!TestPoolUtils#testCheckMinIdleKeyedObjectPoolKeysNulls"
fi
CP="$JARS/leaklab-core-0.1.0-SNAPSHOT.jar,$JARS/leaklab-junit-0.1.0-SNAPSHOT.jar,$JARS/jackson-core-2.23.0.jar"
EXPORTS="--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"
ON=junit.jupiter.extensions.autodetection.enabled=true
run() { # name, then mvn's extra arguments
  local name=$1; shift
  local log; log=$(mktemp)
  local t0 t1; t0=$(date +%s.%N)
  mvn -B -o -f "$DIR/leaklab-pom.xml" surefire:test -Dtest="$T" -Dsurefire.failIfNoSpecifiedTests=false "$@" >"$log" 2>&1 || true
  t1=$(date +%s.%N)
  local summary; summary=$(grep -E '^\[(WARNING|ERROR|INFO)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" | tail -1 | sed 's/^\[[A-Z]*\] //')
  local leaks; leaks=$(grep -oE 'leaked by [A-Za-z0-9_.]+\(\)' "$log" | sort -u | wc -l)
  printf '%s\t%s\t%s\t%.2f\t%s\ttests failed for a leak: %s\n' "$SET" "$r" "$name" "$(echo "$t1 - $t0" | bc)" "$summary" "$leaks" >>"$OUT"
  rm -f "$log"
  # each class's time as surefire reports it (the fork's start-up and JVM set-up are outside these)
  for x in "$DIR"/target/surefire-reports/TEST-*.xml; do
    [ -f "$x" ] || continue
    printf '%s\t%s\t%s\t%s\t%s\n' "$SET" "$r" "$name" \
      "$(grep -o '<testsuite [^>]*' "$x" | grep -o ' name="[^"]*"' | head -1 | cut -d'"' -f2)" \
      "$(grep -o '<testsuite [^>]*' "$x" | grep -o ' time="[^"]*"' | head -1 | cut -d'"' -f2)" >>"$OUT.classes"
  done
  rm -rf "$DIR"/target/surefire-reports
}
for r in $(seq 1 "$ROUNDS"); do
  run without
  run extension -Dleaklab.cp="$CP" -Dleaklab.params=$ON -Dleaklab.jvm="$EXPORTS"
  run extension+agent -Dleaklab.cp="$CP" -Dleaklab.params=$ON \
      -Dleaklab.jvm="-javaagent:$JARS/leaklab-agent.jar=stack-rate=all,quiet $EXPORTS"
done
