# shellcheck shell=bash
# What the smoke tests do with the services they start: wait (bounded, with await from await.sh)
# for the line a service prints when it is ready or for a card in pcscd's readers, and start hostapd
# as a RADIUS server. PIDs go to VCARD_PIDS, which bin/test stops on exit.

# await_line FILE PATTERN PID WHAT: up to 30 s for a line matching PATTERN in FILE, giving up at
# once if PID has exited; on failure says so with the file's last lines and returns 1.
await_line() {
  local file=$1 pattern=$2 pid=$3 what=$4
  await 30 line_or_exit "$file" "$pattern" "$pid" || true
  grep -q -- "$pattern" "$file" 2>/dev/null && return 0
  say "$what did not become ready:"; tail -20 "$file" >&2; return 1
}

# line_or_exit FILE PATTERN PID: FILE has a line matching PATTERN, or PID is no longer running.
line_or_exit() {
  grep -q -- "$2" "$1" 2>/dev/null || pid_gone "$3"
}

# start_service OUT WHAT COMMAND...: runs COMMAND in the background (stdout to OUT.out, stderr to
# OUT.log) until it prints its "ready" line; its PID is in SERVICE_PID. On failure shows OUT.log.
start_service() {
  local out=$1 what=$2
  shift 2
  "$@" >"$out.out" 2>"$out.log" &
  SERVICE_PID=$!
  VCARD_PIDS+=("$SERVICE_PID")
  await_line "$out.out" '^ready:' "$SERVICE_PID" "$what" || { cat "$out.log" >&2; return 1; }
}

# hostapd_eap_server IFACE USERS: the lines every smoke test's hostapd.conf starts with: no driver,
# debug log on stdout, the integrated EAP server with its user file USERS.
hostapd_eap_server() {
  printf '%s\n' driver=none "interface=$1" logger_stdout=-1 logger_stdout_level=1 eap_server=1 "eap_user_file=$2"
}

# card_in S PATTERN: `S readers --with-card` (S: the secfunet launcher) lists a line matching PATTERN.
card_in() {
  "$1" readers --with-card | grep -q -- "$2"
}

# no_card_in S PATTERN: the opposite of card_in.
no_card_in() {
  ! card_in "$@"
}

# start_hostapd CONF OUT: hostapd -d CONF, output to OUT, until it says AP-ENABLED.
start_hostapd() {
  hostapd -d "$1" >"$2" 2>&1 &
  VCARD_PIDS+=($!)
  await_line "$2" AP-ENABLED "$!" hostapd
}
