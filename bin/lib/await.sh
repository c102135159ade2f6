# shellcheck shell=bash
# The one bounded wait of bin/test and its smoke tests.

# await SECONDS COMMAND [ARG...]: runs COMMAND every 0.1 s until it succeeds, for at most SECONDS;
# returns 0 once it has succeeded, 1 if it never did in time.
await() {
  local end=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.1
  done
}

# pid_gone PID: PID is no longer running.
pid_gone() {
  ! kill -0 "$1" 2>/dev/null
}
