# shellcheck shell=bash
# What the smoke tests do with the services they start: wait (bounded) for the line a service
# prints when it is ready, and start hostapd as a RADIUS server. PIDs go to VCARD_PIDS, which
# bin/test stops on exit.

# await_line FILE PATTERN PID WHAT: up to 30 s for a line matching PATTERN in FILE, giving up at
# once if PID has exited; on failure says so with the file's last lines and returns 1.
await_line() {
  local file=$1 pattern=$2 pid=$3 what=$4 _
  for _ in $(seq 1 300); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  grep -q -- "$pattern" "$file" 2>/dev/null && return 0
  say "$what did not become ready:"; tail -20 "$file" >&2; return 1
}

# start_hostapd CONF OUT: hostapd -d CONF, output to OUT, until it says AP-ENABLED.
start_hostapd() {
  hostapd -d "$1" >"$2" 2>&1 &
  VCARD_PIDS+=($!)
  await_line "$2" AP-ENABLED "$!" hostapd
}
