#!/bin/sh
# What the test check costs at 10,000 background threads (issue 27, "a test check in
# microseconds"), paired: in each round, for each JVM set-up (no agent, agent), one JMH run holds
# the test with the check (cleanTestStartingAThread) and the same test alone (startAndJoinOnly),
# fork after fork, for both kinds of background thread; rounds repeat that, so the machine's drift
# falls on both sides of each pair. Run from the repository's top folder:
#   mvn -B -q -pl benchmarks -am -DskipTests package
#   flock LOCK results/reference/junit-check-20261204/run.sh OUT_DIR [ROUNDS]
#   python3 results/reference/junit-check-20261204/agg.py OUT_DIR
set -e
OUT=${1:?usage: run.sh OUT_DIR [ROUNDS]}
ROUNDS=${2:-5}
mkdir -p "$OUT"
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
# The flags written on the class, repeated: -jvmArgsAppend on the command line replaces them.
FLAGS="--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED -Xss512k"
J="$JAVA_HOME/bin/java -Djmh.ignoreLock=true -jar benchmarks/target/benchmarks.jar"
S="-f 1 -wi 2 -w 500ms -i 5 -r 500ms -p background=10000 -rf json"
# a relative path: the forks run in the repository's top folder, and the JSON keeps no path of the machine
AGENT="-javaagent:agent/target/leaklab-agent.jar=quiet $FLAGS"
PAIR='LeakCheckOverhead.(cleanTestStartingAThread|startAndJoinOnly)$'
for r in $(seq 1 "$ROUNDS"); do
  $J "$PAIR" $S -rff "$OUT/noagent-$r.json" -jvmArgsAppend "$FLAGS"
  $J "$PAIR" $S -rff "$OUT/agent-$r.json" -p jvm=agent -jvmArgsAppend "$AGENT"
done
# the check around an empty test, once each (no pair: the test alone is nothing)
$J 'LeakCheckOverhead.cleanTest$' $S -rff "$OUT/empty-noagent.json" -jvmArgsAppend "$FLAGS"
$J 'LeakCheckOverhead.cleanTest$' $S -rff "$OUT/empty-agent.json" -p jvm=agent -jvmArgsAppend "$AGENT"
