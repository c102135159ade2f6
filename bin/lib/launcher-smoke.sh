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
