# shellcheck shell=bash
# find_jdk: prints the home of a JDK >= 21: JAVA_HOME when new enough, else the newest under /usr/lib/jvm.
# jdk_major HOME: the JDK's feature version, from its `release` file (no JVM started); a JDK
# without one is asked (java -XshowSettings).
jdk_major() {
  local v=""
  if [ -r "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release" | head -1)
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -1)
  fi
  v=${v#1.}
  v=${v%%[!0-9]*}
  echo "${v:-0}"
}

find_jdk() {
  local best="" best_major=0 home major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(jdk_major "$JAVA_HOME")
    if [ "$major" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for home in /usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/*; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    [ -L "$home" ] && continue
    major=$(jdk_major "$home")
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$home"; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "secfunet: no JDK 21 or newer found (set JAVA_HOME, or install one, e.g. apt-get install openjdk-21-jdk-headless)" >&2
    return 1
  fi
  echo "$best"
}
