#!/bin/sh
# Why an agent that does nothing costs virtual-thread starts, and what leaklab's agent costs on top
# of that (issue 27). Run from the repository's top folder:
#   mvn -B -q -pl benchmarks -am -DskipTests package
#   results/reference/agent-cost-20261203/run.sh /tmp/agent-cost [ROUNDS]
#   python3 results/reference/agent-cost-20261203/agg.py /tmp/agent-cost
# Every configuration runs once per round, in the same order, so drift of the shared machine hits
# all alike; agg.py pairs them round by round.
set -e
OUT=${1:?usage: run.sh OUT_DIR [ROUNDS]}
ROUNDS=${2:-2}
mkdir -p "$OUT"
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
AG=$(scripts/leaklab agent)
# The agent that does nothing: an empty premain.
mkdir -p "$OUT/empty"
printf 'public class Empty { public static void premain(String a, java.lang.instrument.Instrumentation i) {} }\n' > "$OUT/empty/Empty.java"
"$JAVA_HOME/bin/javac" -d "$OUT/empty" "$OUT/empty/Empty.java"
printf 'Premain-Class: Empty\n' > "$OUT/empty/manifest.txt"
"$JAVA_HOME/bin/jar" cfm "$OUT/empty/empty.jar" "$OUT/empty/manifest.txt" -C "$OUT/empty" Empty.class
EMPTY="-javaagent:$OUT/empty/empty.jar"
# Switches off the JVM's virtual-thread mount/unmount notifications to JVMTI (see docs/agent.md).
NOVT="-XX:+UnlockExperimentalVMOptions -XX:-DoJVMTIVirtualThreadTransitions"
B="$JAVA_HOME/bin/java -jar benchmarks/target/benchmarks.jar AgentCost.startManyThenJoinMany -f 1 -wi 3 -w 500ms -i 5 -r 500ms -rf json"
V="$B -p kind=virtual -p recording=off"
for r in $(seq 1 "$ROUNDS"); do
  # the burst of virtual threads, no recording: where the cost of "any agent" comes from
  $V -rff "$OUT/none-$r.json"
  $V -rff "$OUT/none+novt-$r.json" -jvmArgsAppend "$NOVT"
  $V -rff "$OUT/empty+novt-$r.json" -jvmArgsAppend "$EMPTY $NOVT"
  $V -rff "$OUT/leaklab+novt-$r.json" -p jvm=agent -jvmArgsAppend "-javaagent:$AG=quiet $NOVT"
  # leaklab against an empty agent: platform and virtual, recording off and on
  $B -rff "$OUT/empty-$r.json" -jvmArgsAppend "$EMPTY"
  $B -rff "$OUT/leaklab-$r.json" -p jvm=agent -jvmArgsAppend "-javaagent:$AG=quiet"
done
