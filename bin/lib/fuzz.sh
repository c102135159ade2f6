# shellcheck shell=bash
# The fuzzing of bin/test: every Jazzer @FuzzTest method of the repository, found in the test
# sources, fuzzed for the maxDuration its annotation gives. Jazzer fuzzes one test per JVM, so each
# target is one Maven run (after mvn install: the module's dependencies come from the local repository).
# Usage: fuzz_all ROOT LOG   (LOG: a scratch file for each run's output)

# fuzz_targets ROOT: one "MODULE CLASS#METHOD" line per @FuzzTest method under ROOT/*/src/test/java.
fuzz_targets() {
  local root=$1 file module
  grep -rlE --include='*.java' '^[[:space:]]*@FuzzTest\b' "$root"/*/src/test/java 2>/dev/null | sort | while read -r file; do
    module=${file#"$root"/}
    module=${module%%/*}
    awk -v module="$module" -v class="$(basename "$file" .java)" '
      /^[[:space:]]*@FuzzTest([^A-Za-z0-9_]|$)/ { annotated = 1; next }
      annotated && match($0, /void[[:space:]]+[A-Za-z0-9_]+[[:space:]]*\(/) {
        name = substr($0, RSTART, RLENGTH); sub(/^void[[:space:]]+/, "", name); sub(/[[:space:]]*\($/, "", name)
        print module " " class "#" name; annotated = 0
      }' "$file"
  done
}

# fuzz_all ROOT LOG: fuzzes every target; says each one's last "Done N runs" line, or what it found
# (the finding and our stack frames); returns 1 if a target failed or none was found.
fuzz_all() {
  local root=$1 log=$2 status=0 line module target targets
  mapfile -t targets < <(fuzz_targets "$root")
  if [ ${#targets[@]} -eq 0 ]; then say "no @FuzzTest method found under $root"; return 1; fi
  say "${#targets[@]} fuzz targets"
  for line in "${targets[@]}"; do
    read -r module target <<<"$line"
    say "fuzzing $target"
    if (cd "$root" && JAZZER_FUZZ=1 mvn -B -q -ntp test -pl "$module" -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false) </dev/null >"$log" 2>&1; then
      grep -E 'Done [0-9]+ runs' "$log" | tail -1 >&2 || true
    else
      status=1
      say "fuzzing $target found a problem:"
      grep -v -E 'sun\.misc\.Unsafe|terminally deprecated' "$log" | grep -E 'Finding|Exception|at org\.secfunet|Tests run' | head -30 >&2 || true
    fi
  done
  return $status
}
