#!/usr/bin/env bash
# Self-test of the test pinpad reader through the real pcscd (README.md here): builds the driver,
# starts a private pcscd with one pinpad reader (bin/lib/pcscd.sh), serves a software card from
# `secfunet vcard` (the test applet, PIN 1234) and drives VERIFY/MODIFY_PIN_DIRECT with
# pinpad-probe while typing into the key FIFO. Always stops pcscd and the card.
# Usage: testreader/pinpad/selftest.sh [WORKDIR] [PORT]   env S: the secfunet launcher
#   (default: SECFUNET_NO_BUILD=1 /work/main/bin/secfunet, main's built jars)
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source-path=SCRIPTDIR/../.. source=bin/lib/pcscd.sh
. "$root/bin/lib/pcscd.sh"
# shellcheck source=bin/lib/pinpad.sh
. "$root/bin/lib/pinpad.sh"
work=${1:-$(mktemp -d /tmp/pinpad-selftest.XXXXXX)}
port=${2:-36791}
S=${S:-/work/main/bin/secfunet}
export SECFUNET_NO_BUILD=${SECFUNET_NO_BUILD:-1}
reader="VPCD0 00 00"
aid=F053454346554E455401   # the test applet: VERIFY 00 20 00 80, 63Cx wrong
fails=0 vcard=""
say() { echo "selftest: $*" >&2; }
cleanup() {
  [ -n "$vcard" ] && { kill -TERM "$vcard" 2>/dev/null; wait "$vcard" 2>/dev/null; }
  pcscd_stop "${PCSCD_PID:-}"
}
trap cleanup EXIT
mkdir -p "$work"
pinpad_build "$work/build" || exit 1
"$work/build/pinpad-format-test" || fails=$((fails + 1))
rm -f "$work/keys" "$work/card.toml"
mkfifo "$work/keys"
"$S" vcard create "$work/card.toml" --pin pass:1234 >/dev/null || { say "vcard create failed"; exit 1; }
IFD_PINPAD_KEYS="$work/keys" VPCD_DRIVER="$work/build/libifdpinpad.so" pcscd_start "$work/pcscd" 1 "$port" || exit 1
"$S" vcard --store "$work/card.toml" --vpcd "127.0.0.1:$port" --for 300 >"$work/vcard.out" 2>&1 &
vcard=$!
card_in() { timeout 5 opensc-tool -l 2>/dev/null | grep -q "Yes.*$reader"; }
await 30 card_in || { say "no card in '$reader' within 30 s"; cat "$work/vcard.out" >&2; exit 1; }
P="$work/build/pinpad-probe"
# check NAME EXPECTED_SW KEYS PROBE_ARGS...: types KEYS (lines) into the FIFO, runs the probe
check() {
  local name=$1 want=$2 keys=$3 got
  shift 3
  [ -n "$keys" ] && printf '%b' "$keys" >"$work/keys"
  got=$("$P" "$reader" "$@" 2>&1 | tee -a "$work/probe.out" | sed -n 's/^SW //p')
  if [ "$got" = "$want" ]; then echo "ok   $name: SW $got"; else echo "FAIL $name: SW '$got', expected $want"; fails=$((fails + 1)); fi
}
timeout 10 pcsc_scan -r | tee "$work/pcsc_scan.out"
grep -q "$reader" "$work/pcsc_scan.out" || { echo "FAIL pcsc_scan -r does not list $reader"; fails=$((fails + 1)); }
timeout 10 opensc-tool -l -v | tee "$work/opensc.out"
grep -q "PIN pad *$reader" "$work/opensc.out" || { echo "FAIL opensc-tool -l -v shows no PIN pad for $reader"; fails=$((fails + 1)); }
timeout 20 pkcs11-tool -L 2>&1 | tee "$work/pkcs11.out"
grep -q "PIN pad" "$work/pkcs11.out" || echo "note: pkcs11-tool -L shows no \"PIN pad\" flag (OpenSC has no card driver for this card)"
# javax.smartcardio (secfunet's own PC/SC path) sees the reader and reaches the card through it
"$S" readers | tee "$work/readers.out"
if ! grep -q "$reader" "$work/readers.out" || ! grep -q "present, ATR 3B 85 01 80 73 00 00 40 37" "$work/readers.out"; then
  echo "FAIL secfunet readers shows no card in $reader"; fails=$((fails + 1))
fi
"$S" apdu -r "$reader" 00A404000A$aid 00CA010100 | tee "$work/apdu.out"
grep -q '< SW 9000' "$work/apdu.out" || { echo "FAIL secfunet apdu through the pinpad reader got no 9000"; fails=$((fails + 1)); }
"$P" "$reader" features | tee "$work/features.out"
for f in 06 07 0A 12; do grep -q "^feature $f " "$work/features.out" || { echo "FAIL feature $f not listed"; fails=$((fails + 1)); }; done
check "right PIN" 9000 '1234\n' verify $aid 00 20 00 80 8 5
check "wrong PIN" 63C2 '9999\n' verify $aid 00 20 00 80 8 5
check "right PIN again" 9000 '1234\n' verify $aid 00 20 00 80 8 5
check "cancel" 6401 'cancel\n' verify $aid 00 20 00 80 8 5
check "timeout (2 s)" 6400 '' verify $aid 00 20 00 80 8 2
check "PIN longer than the block" 6403 '123456789\n' verify $aid 00 20 00 80 8 5
check "modify, confirmation differs" 6402 '1234\n5678\n5679\n' modify $aid 00 24 00 80 8 5 3
# the test applet has no CHANGE (INS 24): its 6D00 proves the built APDU reached the card
check "modify forwarded to the card" 6D00 '1234\n5678\n5678\n' modify $aid 00 24 00 80 8 5 3
# malformed structures are refused (IFD_NOT_SUPPORTED, as the CCID driver does)
refused() {
  local name=$1 out
  shift
  if out=$("$P" "$reader" control "$@" 2>&1); then echo "FAIL $name accepted: $out"; fails=$((fails + 1)); else echo "ok   $name refused: $out"; fi
}
refused "VERIFY structure too short" 06 0000820800
refused "VERIFY ulDataLength past the end" 06 0000820800080102000904000000000D00000000208000
refused "VERIFY Lc not the data's length" 06 000082080008010200090400000000090000000020008007FFFFFFFF
refused "VERIFY PIN block past the APDU" 06 00008208000801020009040000000009000000002000800431323334
# the EAP-TLS card (VERIFY A0 20 00 00, CHANGE A0 24 00 00 old 8 ‖ new 8, 630x wrong): a real MODIFY
kill -TERM "$vcard"; wait "$vcard" 2>/dev/null
no_card() { timeout 5 opensc-tool -l 2>/dev/null | grep -q "No.*$reader"; }
await 30 no_card || say "the test card still shows in '$reader'"
rm -f "$work/eap.sfn"
"$S" card init --store "$work/eap.sfn" --pin pass:1234 --puk pass:12345678 >/dev/null || { say "card init failed"; exit 1; }
"$S" vcard --store "$work/eap.sfn" --vpcd "127.0.0.1:$port" --for 300 >"$work/vcard-eap.out" 2>&1 &
vcard=$!
await 30 card_in || { say "no EAP-TLS card in '$reader' within 30 s"; cat "$work/vcard-eap.out" >&2; exit 1; }
eap=F053454346554E455402
check "EAP-TLS card: right PIN" 9000 '1234\n' verify $eap A0 20 00 00 8 5
check "EAP-TLS card: wrong PIN" 6302 '9999\n' verify $eap A0 20 00 00 8 5
check "EAP-TLS card: MODIFY 1234 to 5678 (confirmed)" 9000 '1234\n5678\n5678\n' modify $eap A0 24 00 00 8 5 3
check "EAP-TLS card: the new PIN verifies" 9000 '5678\n' verify $eap A0 20 00 00 8 5
check "EAP-TLS card: the old PIN no longer does" 6302 '1234\n' verify $eap A0 20 00 00 8 5
if grep -E -q '1234|5678|9999' "$work/pcscd/pcscd.log"; then echo "FAIL a typed PIN appears in pcscd's log"; fails=$((fails + 1)); else echo "ok   no typed PIN in pcscd's log"; fi
echo "selftest: $fails failure(s); logs in $work"
[ "$fails" -eq 0 ]
