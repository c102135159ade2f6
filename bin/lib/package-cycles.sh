# shellcheck shell=bash
# package_cycles ROOT JAVA_HOME: fails (exit 1, naming the packages) when the compiled main classes
# of the modules have a package cycle. The module layering itself is the enforcer's rule (pom.xml);
# this checks the packages inside and across modules, from the class files (jdeps), ordered with tsort.
package_cycles() {
  local root=$1 jdk=$2 dirs=() d edges loops
  for d in "$root"/secfunet-*/target/classes; do [ -d "$d/org" ] && dirs+=("$d"); done
  [ ${#dirs[@]} -gt 0 ] || { echo "package cycles: no compiled classes under $root (build first)" >&2; return 1; }
  edges=$("$jdk/bin/jdeps" -verbose:package -e 'org\.secfunet\..*' "${dirs[@]}" 2>/dev/null \
    | awk '$2 == "->" && $1 ~ /^org\.secfunet\./ && $3 ~ /^org\.secfunet\./ && $1 != $3 { print $1, $3 }' | sort -u)
  [ -n "$edges" ] || { echo "package cycles: jdeps found no dependency between packages" >&2; return 1; }
  if ! loops=$(printf '%s\n' "$edges" | tsort 2>&1 >/dev/null) || [ -n "$loops" ]; then
    echo "package cycle among: $(printf '%s\n' "$loops" | grep -o 'org\.secfunet[a-z.]*' | sort -u | tr '\n' ' ')" >&2
    return 1
  fi
  echo "no package cycle among $(printf '%s\n' "$edges" | tr ' ' '\n' | sort -u | wc -l) packages ($(printf '%s\n' "$edges" | wc -l) dependencies)"
}
