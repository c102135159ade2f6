# shellcheck shell=bash
# The s_scard smoke test of bin/test: an EAP-TLS card personalized with the secfunet CLI from an
# openssl-made PKI, whose TLS client handshake runs against `openssl s_server -Verify 1 -rev`.
# Usage: scard_smoke WORK S BASEPORT   (S: the secfunet launcher; appends PIDs to VCARD_PIDS)
# shellcheck source=pki.sh
. "$(dirname "${BASH_SOURCE[0]}")/pki.sh"

scard_smoke() {
  local work=$1 S=$2 base=$3 P="$1/pki" R="vcard:$1/eap.sfn"
  local sport=$((base + 100)) sserver
  smoke_pki "$P" smoke
  "$S" card init --store "$work/eap.sfn" --pin pass:1234 --puk pass:12345678 >/dev/null
  "$S" card import -r "$R" --p12 "$P/c.p12" --p12-pass pass:p12 --puk pass:12345678 >/dev/null
  "$S" card ca add -r "$R" --cert "$P/ca.pem" --puk pass:12345678 >/dev/null
  "$S" card set-identity -r "$R" --label web --eap-id smoke-c --puk pass:12345678 >/dev/null
  "$S" card show -r "$R"
  openssl s_server -accept "127.0.0.1:$sport" -cert "$P/s.pem" -key "$P/s.key" -CAfile "$P/ca.pem" -Verify 1 -verify_return_error -rev -naccept 1 >"$work/s_server.out" 2>&1 &
  sserver=$!
  VCARD_PIDS+=("$sserver")
  await_line "$work/s_server.out" ACCEPT "$sserver" "openssl s_server" || return 1
  printf "hello card\n" | "$S" s_scard -connect "127.0.0.1:$sport" -r "$R" -pass pass:1234 -brief >"$work/s_scard.out" 2>"$work/s_scard.err" \
      || { cat "$work/s_scard.err" >&2; return 1; }
  cat "$work/s_scard.err" "$work/s_scard.out"
  grep -q "drac olleh" "$work/s_scard.out" || { say "s_scard did not get the reversed line"; return 1; }
  wait "$sserver" 2>/dev/null || true
  grep -q "smoke-c" "$work/s_server.out" || { say "s_server did not see the card's certificate"; cat "$work/s_server.out" >&2; return 1; }
}
