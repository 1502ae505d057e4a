#!/bin/sh
# What the leaklab agent costs at thread start (issue 12), as measured into this folder.
# Run from the repository's top folder, on a quiet machine (nothing else CPU-bound):
#   mvn -B -q -pl benchmarks -am -DskipTests package && results/reference/agent-cost-20261201/run.sh /tmp/agent-cost
# then: python3 results/reference/agent-cost-20261201/agg.py /tmp/agent-cost
# Headline: the burst start of 100 virtual threads, no recording, in three interleaved rounds of
# no agent / the leaklab agent (defaults) / an agent that does nothing (what any -javaagent costs).
set -e
OUT=${1:?usage: run.sh OUT_DIR}
mkdir -p "$OUT"
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
AG=$(scripts/leaklab agent)
# the agent that does nothing: an empty premain
mkdir -p "$OUT/empty"
printf 'public class Empty { public static void premain(String a, java.lang.instrument.Instrumentation i) {} }\n' > "$OUT/empty/Empty.java"
"$JAVA_HOME/bin/javac" -d "$OUT/empty" "$OUT/empty/Empty.java"
printf 'Premain-Class: Empty\nCan-Retransform-Classes: true\n' > "$OUT/empty/manifest.txt"
"$JAVA_HOME/bin/jar" cfm "$OUT/empty/empty.jar" "$OUT/empty/manifest.txt" -C "$OUT/empty" Empty.class
B="$JAVA -jar benchmarks/target/benchmarks.jar"
H="$B AgentCost.startManyThenJoinMany -p kind=virtual -p recording=off -f 2 -wi 3 -w 1s -i 5 -r 1s -rf json"
for i in 1 2 3; do
  $H -rff "$OUT/none-$i.json"
  $H -rff "$OUT/def-$i.json" -p jvm=agent -jvmArgsAppend "-javaagent:$AG=quiet"
  $H -rff "$OUT/empty-$i.json" -jvmArgsAppend "-javaagent:$OUT/empty/empty.jar"
done
$H -rff "$OUT/all.json" -p jvm=agent -jvmArgsAppend "-javaagent:$AG=quiet,stack-rate=all"
$H -rff "$OUT/d0.json" -p jvm=agent -jvmArgsAppend "-javaagent:$AG=quiet,depth=0"
# every AgentCost benchmark (start+join and burst, platform and virtual, recording off and on), short runs
T="$B AgentCost -f 1 -wi 2 -w 1s -i 3 -r 1s -rf json"
$T -rff "$OUT/table-none.json"
$T -rff "$OUT/table-def.json" -p jvm=agent -jvmArgsAppend "-javaagent:$AG=quiet"
