#!/bin/bash
# Makes DIR for cpool.sh: apache/commons-pool at 3c9d9314, its cglib proxy sources and their two
# tests removed (cglib is not in the local repository), compiled with javac against the local
# Maven repository (this machine's has no complete maven-resources-plugin, so mvn only runs
# surefire:test), with the scratch pom beside it. Then the leaklab jars into DIR/ll:
#   cpool-prepare.sh COMMONS_POOL_CLONE DIR   (run from the repository's top folder, after
#   mvn -B -q -o -pl junit -am package -DskipTests)
set -e
SRC=${1:?usage: cpool-prepare.sh COMMONS_POOL_CLONE DIR}; DIR=${2:?}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
M=${M2:-$HOME/.m2/repository}
git clone -q "$SRC" "$DIR"
git -C "$DIR" checkout -q 3c9d9314
rm -f "$DIR"/src/main/java/org/apache/commons/pool3/proxy/Cglib*.java "$DIR"/src/test/java/org/apache/commons/pool3/proxy/*Cglib*.java
cp "$(dirname "$0")/leaklab-pom.xml" "$DIR/"
CP=$M/org/junit/jupiter/junit-jupiter-api/5.14.4/junit-jupiter-api-5.14.4.jar:$M/org/junit/jupiter/junit-jupiter-params/5.14.4/junit-jupiter-params-5.14.4.jar
CP=$CP:$M/org/junit/platform/junit-platform-commons/1.14.4/junit-platform-commons-1.14.4.jar:$M/org/opentest4j/opentest4j/1.3.0/opentest4j-1.3.0.jar
CP=$CP:$M/org/apiguardian/apiguardian-api/1.1.2/apiguardian-api-1.1.2.jar:$M/org/apache/commons/commons-lang3/3.20.0/commons-lang3-3.20.0.jar
mkdir -p "$DIR/target/classes" "$DIR/target/test-classes" "$DIR/ll"
"$JAVA_HOME/bin/javac" --release 17 -nowarn -d "$DIR/target/classes" $(find "$DIR/src/main/java" -name '*.java')
"$JAVA_HOME/bin/javac" --release 17 -nowarn -cp "$DIR/target/classes:$CP" -d "$DIR/target/test-classes" $(find "$DIR/src/test/java" -name '*.java')
cp -r "$DIR"/src/test/resources/* "$DIR/target/test-classes/"
cp core/target/leaklab-core-0.1.0-SNAPSHOT.jar junit/target/leaklab-junit-0.1.0-SNAPSHOT.jar agent/target/leaklab-agent.jar "$DIR/ll/"
cp "$M/com/fasterxml/jackson/core/jackson-core/2.23.0/jackson-core-2.23.0.jar" "$DIR/ll/" # core's one dependency (the summary's JSON)
