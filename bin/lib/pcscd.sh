# shellcheck shell=bash
# A private pcscd with N vpcd reader entries (one driver copy each, see shared/docs/pcsc-vpcd.md).
# Usage: pcscd_start DIR ENTRIES BASEPORT   (sets PCSCD_PID)    pcscd_stop
# Optional: VPCD_DRIVER (another driver of vpcd's config form, e.g. the test pinpad), PCSCD_FRIENDLY
# (the readers' name before the entry number, default VPCD), PCSCD_FLAGS (e.g. "--debug --apdu").
# shellcheck source=await.sh
. "$(dirname "${BASH_SOURCE[0]}")/await.sh"

VPCD_DRIVER=${VPCD_DRIVER:-/usr/lib/pcsc/drivers/serial/libifdvpcd.so}
PCSCD_RUN=/run/pcscd

pcscd_owner_alive() {
  local pid
  [ -f "$PCSCD_RUN/pcscd.pid" ] || return 1
  pid=$(cat "$PCSCD_RUN/pcscd.pid" 2>/dev/null)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

pcscd_start() {
  local dir=$1 entries=$2 base=$3 i port
  mkdir -p "$dir/readers.d" "$dir/drivers"
  rm -f "$dir"/readers.d/* "$dir"/drivers/*
  local real
  real=$(readlink -f "$VPCD_DRIVER")
  for ((i = 0; i < entries; i++)); do
    port=$((base + 2 * i))
    cp "$real" "$dir/drivers/libifdvpcd-$i.so"
    cat > "$dir/readers.d/vpcd-$i" <<CONF
FRIENDLYNAME "${PCSCD_FRIENDLY:-VPCD}$i"
DEVICENAME   /dev/null:$port
LIBPATH      $dir/drivers/libifdvpcd-$i.so
CHANNELID    $port
CONF
  done
  if pcscd_owner_alive; then
    echo "pcscd is already running (pid $(cat $PCSCD_RUN/pcscd.pid)); stop it first: only one pcscd can run per machine" >&2
    return 1
  fi
  rm -f "$PCSCD_RUN/pcscd.comm" "$PCSCD_RUN/pcscd.pid"
  # shellcheck disable=SC2086
  pcscd --foreground ${PCSCD_FLAGS:-} -c "$dir/readers.d" >"$dir/pcscd.log" 2>&1 &
  PCSCD_PID=$!
  echo "$PCSCD_PID" > "$dir/pcscd.ownpid"
  await 5 pcscd_socket_or_exit "$PCSCD_PID" || true
  [ -S "$PCSCD_RUN/pcscd.comm" ] && return 0
  if pid_gone "$PCSCD_PID"; then
    echo "pcscd exited at start; its log:" >&2; cat "$dir/pcscd.log" >&2
  else
    echo "pcscd did not create $PCSCD_RUN/pcscd.comm within 5 s" >&2
  fi
  return 1
}

# pcscd_socket_or_exit PID: pcscd's socket is there, or PID is no longer running.
pcscd_socket_or_exit() {
  [ -S "$PCSCD_RUN/pcscd.comm" ] || pid_gone "$1"
}

# Stops the pcscd we started: TERM, up to 5 s, then KILL; removes stale files.
pcscd_stop() {
  local pid=${1:-${PCSCD_PID:-}}
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    await 5 pid_gone "$pid" || true
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
  fi
  wait "$pid" 2>/dev/null || true
  if ! pcscd_owner_alive; then rm -f "$PCSCD_RUN/pcscd.comm" "$PCSCD_RUN/pcscd.pid"; fi
}
