#!/bin/sh
# What any Java agent costs thread starts, and what leaklab's agent costs on top of it (issue 27).
# Run from the repository's top folder:
#   mvn -B -q -pl benchmarks -am -DskipTests package
#   results/reference/agent-cost-20261204/run.sh OUT [ROUNDS] [FIRST_ROUND]
#   python3 results/reference/agent-cost-20261204/agg.py OUT
# Every configuration runs once per round; the empty agent and leaklab's swap places every other
# round, so drift of the shared machine hits both alike; agg.py pairs them round by round.
# Each iteration also reports the fork's CPU time per thread (CpuTimeProfiler, ":cpu"): on a busy
# shared machine the wall time holds time spent waiting for a CPU, the CPU time does not.
# FIRST_ROUND numbers the files, so that rounds can be added to OUT in separate runs (each run
# under the machine lock, under 10 minutes: 4 rounds take about 5).
# The pairs (issue 27: leaklab's agent against an agent that does nothing):
#   recording off: empty agent, no recording  vs  leaklab, no recording
#   recording on:  empty agent, the "default" settings + jdk.ThreadStart and jdk.VirtualThreadStart
#                  with stacks (recording=jfr-starts: a stack for every start, from JFR alone)
#              vs  leaklab, the "default" settings + dev.leaklab.ThreadCreated with stacks (recording=on)
set -e
OUT=${1:?usage: run.sh OUT_DIR [ROUNDS] [FIRST_ROUND]}
ROUNDS=${2:-4}
FIRST=${3:-1}
mkdir -p "$OUT"
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
AG=$(scripts/leaklab agent)
# The agent that does nothing: an empty premain.
if [ ! -f "$OUT/empty/empty.jar" ]; then
  mkdir -p "$OUT/empty"
  printf 'public class Empty { public static void premain(String a, java.lang.instrument.Instrumentation i) {} }\n' > "$OUT/empty/Empty.java"
  "$JAVA_HOME/bin/javac" -d "$OUT/empty" "$OUT/empty/Empty.java"
  printf 'Premain-Class: Empty\n' > "$OUT/empty/manifest.txt"
  "$JAVA_HOME/bin/jar" cfm "$OUT/empty/empty.jar" "$OUT/empty/manifest.txt" -C "$OUT/empty" Empty.class
  # the same, asking for the capability leaklab's agent needs to instrument java.lang.Thread
  printf 'Premain-Class: Empty\nCan-Retransform-Classes: true\n' > "$OUT/empty/manifest-rt.txt"
  "$JAVA_HOME/bin/jar" cfm "$OUT/empty/empty-rt.jar" "$OUT/empty/manifest-rt.txt" -C "$OUT/empty" Empty.class
fi
EMPTY="-javaagent:$OUT/empty/empty.jar"
# Switches off the JVM's virtual-thread transition notifications to JVMTI (see docs/agent.md).
NOVT="-XX:+UnlockExperimentalVMOptions -XX:-DoJVMTIVirtualThreadTransitions"
B="$JAVA_HOME/bin/java -jar benchmarks/target/benchmarks.jar AgentCost.startManyThenJoinMany -f 1 -wi 3 -w 500ms -i 5 -r 500ms -rf json -prof dev.leaklab.bench.CpuTimeProfiler"
V="$B -p kind=virtual -p recording=off"
empty() { $B -p recording=off,jfr-starts -rff "$OUT/empty-$1.json" -jvmArgsAppend "$EMPTY"; }
leaklab() { $B -p recording=off,on -rff "$OUT/leaklab-$1.json" -p jvm=agent -jvmArgsAppend "-javaagent:$AG=quiet"; }
r=$FIRST
while [ "$r" -lt $((FIRST + ROUNDS)) ]; do
  echo "round $r: $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/rounds.txt"
  # where the cost of "any agent" comes from: virtual burst, no recording
  $V -rff "$OUT/none-$r.json"
  $V -rff "$OUT/empty+novt-$r.json" -jvmArgsAppend "$EMPTY $NOVT"
  $V -rff "$OUT/empty+rt-$r.json" -jvmArgsAppend "-javaagent:$OUT/empty/empty-rt.jar"
  # leaklab against an empty agent: platform and virtual, recording off and on
  if [ $((r % 2)) -eq 1 ]; then empty "$r"; leaklab "$r"; else leaklab "$r"; empty "$r"; fi
  r=$((r + 1))
done
