# shellcheck shell=bash
# The launcher smoke test of bin/test: a software card from `secfunet vcard create`, served to
# pcscd through vpcd, seen by `secfunet readers` and answering `secfunet apdu`; once the card is
# stopped, an APDU to its reader is a clear "no card" error.
# Usage: launcher_smoke WORK S BASEPORT   (S: the secfunet launcher; appends PIDs to VCARD_PIDS)

launcher_smoke() {
  local work=$1 S=$2 base=$3 vcard
  local reader="VPCD0 00 00" atr="ATR 3B 85 01 80 73 00 00 40 37"
  "$S" vcard create "$work/smoke.toml" --pin pass:1234 >/dev/null
  "$S" vcard --store "$work/smoke.toml" --vpcd "127.0.0.1:$base" --for 60 >"$work/vcard.out" 2>&1 &
  vcard=$!
  VCARD_PIDS+=("$vcard")
  await_line "$work/vcard.out" '^ready:' "$vcard" vcard || return 1
  await 30 card_in "$S" "$atr" || true
  "$S" readers | tee "$work/readers.out"
  grep -q "$reader" "$work/readers.out" || { say "readers does not list $reader"; return 1; }
  grep -q "present, $atr" "$work/readers.out" || { say "readers shows no card with the software card's $atr"; return 1; }
  "$S" apdu -r "$reader" '00A404000AF053454346554E455401' '00CA010100' | tee "$work/apdu.out"
  grep -q '< SW 9000  success' "$work/apdu.out" || { say "apdu got no 9000 from the card"; return 1; }
  kill -TERM "$vcard"; wait "$vcard" 2>/dev/null || true
  await 30 no_card_in "$S" "$reader" || true
  if "$S" apdu -r "$reader" '00A40400' 2>"$work/err.out"; then say "apdu to a stopped card succeeded"; return 1; fi
  grep -q "^secfunet apdu: no card in reader '$reader'" "$work/err.out" || { cat "$work/err.out" >&2; return 1; }
}

# launcher_aot_smoke WORK S: the launcher's AOT cache (bin/lib/aot.sh) missing, made in the
# background, corrupt (garbage bytes) and stale (older than the jar) changes neither output nor
# exit code of a command that succeeds and of one that fails; needs no pcscd.
launcher_aot_smoke() {
  local work=$1 S=$2 dir f
  dir="$(cd "$(dirname "$(readlink -f "$S")")/.." && pwd)/secfunet-cli/target/aot"
  SECFUNET_AOT=0 "$S" apdu --help >"$work/aot-ref.out" 2>&1 || { say "apdu --help failed"; return 1; }
  local rc=0
  SECFUNET_AOT=0 "$S" card show -r "vcard:$work/none.sfn" >"$work/aot-ref.err" 2>&1 || rc=$?
  [ "$rc" -ne 0 ] || { say "card show of a missing store succeeded"; return 1; }
  aot_same() {  # aot_same CASE: both commands as without the cache
    local got=0
    "$S" apdu --help >"$work/aot.out" 2>&1 || { say "apdu --help failed with the AOT cache $1"; return 1; }
    cmp -s "$work/aot-ref.out" "$work/aot.out" || { say "apdu --help printed otherwise with the AOT cache $1"; diff "$work/aot-ref.out" "$work/aot.out" >&2; return 1; }
    "$S" card show -r "vcard:$work/none.sfn" >"$work/aot.err" 2>&1 || got=$?
    [ "$got" = "$rc" ] || { say "card show exited $got, not $rc, with the AOT cache $1"; return 1; }
    cmp -s "$work/aot-ref.err" "$work/aot.err" || { say "card show printed otherwise with the AOT cache $1"; diff "$work/aot-ref.err" "$work/aot.err" >&2; return 1; }
  }
  aot_made() {  # a cache newer than the jar, no training under way
    local a
    [ ! -d "$dir/.training" ] || return 1
    for a in "$dir"/*.aot; do [ "$a" -nt "$dir/../secfunet-cli.jar" ] && return 0; done
    return 1
  }
  no_training() { [ ! -d "$dir/.training" ]; }
  # a training started by an earlier launch (the launcher smoke test's) ends before the cache is cleared
  await 180 no_training || { say "an AOT training in $dir still runs after 180 s"; return 1; }
  rm -rf "$dir"
  aot_same missing || return 1
  await 180 aot_made || { say "no AOT cache made in $dir within 180 s"; return 1; }
  aot_same "just made" || return 1
  for f in "$dir"/*.aot; do head -c 65536 /dev/urandom >"$f"; done
  aot_same "corrupt (garbage bytes)" || return 1
  for f in "$dir"/*.aot; do touch -d '2000-01-01' "$f"; done
  aot_same "stale (older than the jar)" || return 1
  await 180 aot_made || { say "no AOT cache made again in $dir within 180 s"; return 1; }
  aot_same "made again" || return 1
}
