# shellcheck shell=bash
# The JDK's ahead-of-time class cache for the CLI, kept under secfunet-cli/target/aot/ and made in the
# background on the first launch after a build (JDK 25: -XX:AOTCacheOutput; JDK 24: AOTMode
# record/create; JDK 21-23: AppCDS), trained on `secfunet demo` (card, TLS handshake, picocli).
# Never a line on the user's terminal, never a failure: a missing, stale (older than the build,
# another JDK) or corrupt cache is not used or is ignored by the JVM with its logging switched off.
# SECFUNET_AOT=0 turns it off.

# aot_file DIR JAVA_HOME MAJOR: the cache's path for this JDK (its home and release in the name).
aot_file() {
  local id
  id=$(printf '%s\n' "$2" "$(cat "$2/release" 2>/dev/null)" | cksum | cut -d' ' -f1)
  echo "$1/jdk$3-$id.aot"
}

# aot_opts FILE MAJOR NEWER...: the JVM options (one a line) that use FILE when it is newer than every NEWER
# file; nothing when it is missing, stale, or the JDK is older than 21.
aot_opts() {
  local f=$1 major=$2 n
  shift 2
  [ "${SECFUNET_AOT:-1}" != 0 ] && [ "$major" -ge 21 ] && [ -s "$f" ] || return 0
  for n in "$@"; do [ "$f" -nt "$n" ] || return 0; done
  if [ "$major" -ge 24 ]; then
    printf '%s\n' "-XX:AOTCache=$f" -Xlog:aot=off -Xlog:cds=off
  else
    printf '%s\n' "-XX:SharedArchiveFile=$f" -Xshare:auto -Xlog:cds=off
  fi
}

# aot_train FILE MAJOR JAVA CLASSPATH MAIN JVMOPTS...: makes FILE in a detached background process (output to
# /dev/null), through a temporary file renamed into place so that no launch sees half a cache; one
# training at a time (a lock directory holding its owner's token; one older than 10 minutes is from a
# killed training). The training works in a directory of its own, never in the lock: a lock taken
# over as stale (or removed by hand) must not pull the working directory from under a training, and
# a training only ever removes a lock that still holds its own token.
aot_train() {
  local f=$1 major=$2 java=$3 cp=$4 main=$5 dir lock token
  shift 5
  [ "${SECFUNET_AOT:-1}" != 0 ] && [ "$major" -ge 21 ] || return 0
  dir=$(dirname "$f")
  mkdir -p "$dir" 2>/dev/null || return 0
  lock="$dir/.training"
  find "$dir" -maxdepth 1 \( -name '.training' -o -name '*.tmp*' \) -mmin +10 -exec rm -rf {} + 2>/dev/null || true
  mkdir "$lock" 2>/dev/null || return 0
  token="$$-$RANDOM-$(date +%s%N)"
  printf '%s\n' "$token" >"$lock/owner" 2>/dev/null || { rm -rf "$lock"; return 0; }
  (
    work=$(mktemp -d "${TMPDIR:-/tmp}/secfunet-aot.XXXXXX") || exit 0
    tmp="$f.tmp$$"
    trap 'rm -rf "$work" "$tmp" "$tmp.config"; [ "$(cat "$lock/owner" 2>/dev/null)" = "$token" ] && rm -rf "$lock"' EXIT
    cd "$work" || exit 0
    case "$major" in
      2[0-3]) "$java" -XX:ArchiveClassesAtExit="$tmp" -Xlog:cds=off "$@" -cp "$cp" "$main" demo ;;
      24) "$java" -XX:AOTMode=record -XX:AOTConfiguration="$tmp.config" -Xlog:aot=off -Xlog:cds=off "$@" -cp "$cp" "$main" demo \
          && "$java" -XX:AOTMode=create -XX:AOTConfiguration="$tmp.config" -XX:AOTCache="$tmp" -Xlog:aot=off -Xlog:cds=off "$@" -cp "$cp" ;;
      *) "$java" -XX:AOTCacheOutput="$tmp" -Xlog:aot=off -Xlog:cds=off "$@" -cp "$cp" "$main" demo ;;
    esac
    # a lock no longer ours means the cache directory was cleared while we trained: what we made may
    # predate that clearing (an older build), so it is not put in place
    [ -s "$tmp" ] && [ "$(cat "$lock/owner" 2>/dev/null)" = "$token" ] && mv -f "$tmp" "$f"
  ) </dev/null >/dev/null 2>&1 &
  disown 2>/dev/null || true
}
