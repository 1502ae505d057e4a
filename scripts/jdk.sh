# Sourced by every leaklab script: finds a JDK >= 25 and exports JAVA_HOME and PATH for it.
# Order: $JAVA_HOME if it is new enough, then the usual install folders, then `java` on PATH.

LEAKLAB_MIN_JDK=25

# Prints the feature release (e.g. 25) of the JDK in folder $1, or nothing.
leaklab_jdk_feature() {
  local home=$1 v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
  fi
  echo "$v"
}

leaklab_find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
           "$HOME"/.jdks/*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  # Prefer the newest release among the candidates (JAVA_HOME wins when it qualifies).
  local best="" best_v=0
  for c in "${candidates[@]}"; do
    v=$(leaklab_jdk_feature "$c")
    [ -n "$v" ] || continue
    if [ "$c" = "${JAVA_HOME:-}" ] && [ "$v" -ge "$LEAKLAB_MIN_JDK" ]; then best=$c; best_v=$v; break; fi
    if [ "$v" -ge "$LEAKLAB_MIN_JDK" ] && [ "$v" -gt "$best_v" ]; then best=$c; best_v=$v; fi
  done
  if [ -z "$best" ]; then
    {
      echo "leaklab: no JDK $LEAKLAB_MIN_JDK or newer found (looked at JAVA_HOME=${JAVA_HOME:-<unset>}, /usr/lib/jvm, /opt, PATH)."
      echo "  Install one, e.g. 'apt-get install temurin-25-jdk' (Adoptium repository) or 'apt-get install openjdk-25-jdk',"
      echo "  then run again, or point JAVA_HOME at it: export JAVA_HOME=/path/to/jdk-25"
    } >&2
    return 1
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}

# The repository's top folder, for scripts that live in scripts/.
LEAKLAB_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LEAKLAB_HOME

# Maven in batch mode, quiet unless LEAKLAB_VERBOSE is set.
leaklab_mvn() {
  local quiet=(-q)
  [ -n "${LEAKLAB_VERBOSE:-}" ] && quiet=()
  (cd "$LEAKLAB_HOME" && mvn -B "${quiet[@]}" -Dstyle.color=never "$@")
}

# Maven 3.8's bundled Guava calls sun.misc.Unsafe, which JDK 25 warns about on every build.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

# Builds module $1 (and what it needs) without tests; Maven's output shows only when it fails.
leaklab_build() {
  local log
  log=$(mktemp)
  if ! leaklab_mvn -pl "$1" -am -DskipTests package >"$log" 2>&1; then
    cat "$log" >&2
    echo "leaklab: the build of $1 failed (Maven's output above)" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}
