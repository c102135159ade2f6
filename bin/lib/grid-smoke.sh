# shellcheck shell=bash
# The grid smoke test of bin/test: a racs_server with four software EAP-TLS cards, an s_hypervisor
# with two VMs bound to their own cards, openssl s_server -Verify 1 as the target, and the clients
# we did not write (openssl s_client) or that a VM runs (s_vm). Every key and certificate is made
# with the openssl command line, every card personalized with the secfunet CLI.
# Usage: grid_smoke WORK S BASEPORT   (S: the secfunet launcher; appends PIDs to VCARD_PIDS)

grid_cert() { # DIR NAME server|client CA
  local d=$1 n=$2 kind=$3 ca=$4
  if [ "$kind" = server ]; then
    printf "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n" > "$d/$n.ext"
  else
    printf "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n" > "$d/$n.ext"
  fi
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/$n.key" -out "$d/$n.csr" -subj "/CN=$n" 2>/dev/null
  openssl x509 -req -in "$d/$n.csr" -CA "$d/$ca.pem" -CAkey "$d/$ca.key" -CAcreateserial -out "$d/$n.pem" -days 1 -extfile "$d/$n.ext" 2>/dev/null
}

grid_racs_by_hand() { # G PORT CERTNAME SCRIPT...  -> the server's reply on stdout
  # s_client quits when its input ends, so the input stays open until every script has its END
  # (at most 20 s); without a certificate no reply is expected and the window is 2 s.
  local g=$1 port=$2 who=$3 out ends; shift 3
  out=$(mktemp "$g/byhand.XXXXXX")
  ends=$(printf '%s\n' "$@" | grep -c '^END$')
  {
    printf '%s\r\n' "$@"
    if [ -n "$who" ]; then
      await 20 grid_ends_seen "$out" "$ends" || true
    else
      sleep 2
    fi
  } | timeout 30 openssl s_client -connect "127.0.0.1:$port" -quiet -no_ign_eof -verify_return_error \
      -CAfile "$g/grid-ca.pem" ${who:+-cert "$g/$who.pem" -key "$g/$who.key"} >"$out" 2>/dev/null || true
  cat "$out"
}

grid_ends_seen() { # OUT N: OUT holds at least N END lines
  [ "$(grep -c '^END' "$1")" -ge "$2" ]
}

grid_smoke() {
  local S=$2 base=$3 G="$1/grid" i
  local rport=$((base + 200)) hport=$((base + 201)) mport=$((base + 202)) sport=$((base + 203))
  mkdir -p "$G/cards"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$G/grid-ca.key" -out "$G/grid-ca.pem" -days 2 -subj "/CN=grid CA" 2>/dev/null
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$G/web-ca.key" -out "$G/web-ca.pem" -days 2 -subj "/CN=web CA" 2>/dev/null
  grid_cert "$G" racs-server server grid-ca; grid_cert "$G" hypervisor server grid-ca
  for n in hypervisor-racs admin vm-a vm-b stranger; do grid_cert "$G" "$n" client grid-ca; done
  grid_cert "$G" web-server server web-ca
  for i in 1 2 3 4; do
    grid_cert "$G" "card-$i" client web-ca
    openssl pkcs12 -export -inkey "$G/card-$i.key" -in "$G/card-$i.pem" -out "$G/card-$i.p12" -passout pass:p12
    "$S" card init --store "$G/cards/se$i.sfn" --pin pass:1234 --puk pass:12345678 >/dev/null
    "$S" card import -r "vcard:$G/cards/se$i.sfn" --p12 "$G/card-$i.p12" --p12-pass pass:p12 --puk pass:12345678 >/dev/null
    "$S" card ca add -r "vcard:$G/cards/se$i.sfn" --cert "$G/web-ca.pem" --puk pass:12345678 >/dev/null
    "$S" card set-identity -r "vcard:$G/cards/se$i.sfn" --label web --eap-id "card-$i" --puk pass:12345678 >/dev/null
  done
  cat > "$G/racs.toml" <<TOML
listen = "127.0.0.1:$rport"
[tls]
cert = "racs-server.pem"
key = "racs-server.key"
client_ca = "grid-ca.pem"
[users]
"hypervisor-racs" = ["se1", "se2", "se3"]
admin = ["*"]
vm-a = ["se1"]
[[se]]
seid = "se1"
reader = "vcard:cards/se1.sfn"
[[se]]
seid = "se2"
reader = "vcard:cards/se2.sfn"
[[se]]
seid = "se3"
reader = "vcard:cards/se3.sfn"
[[se]]
seid = "se4"
reader = "vcard:cards/se4.sfn"
aids = ["F053454346554E455402"]
TOML
  start_service "$G/racs" racs_server "$S" racs_server --config "$G/racs.toml" || return 1
  cat "$G/racs.out"

  say "RACS by hand with openssl s_client"
  grid_racs_by_hand "$G" "$rport" admin BEGIN GET-VERSION END BEGIN "LIST" END \
      BEGIN "POWERON se4 APPEND" "APDU se4 00A404000AF053454346554E455402" END \
      BEGIN "APDU se4 00A404000AF053454346554E455401" END | tee "$G/byhand.out"
  grep -q '^+002 001 0.2' "$G/byhand.out" || { say "no GET-VERSION reply"; return 1; }
  grep -q '^+004 001 se1 se2 se3 se4' "$G/byhand.out" || { say "no LIST reply"; return 1; }
  grep -q '^+006 002 9000' "$G/byhand.out" || { say "SELECT of the EAP-TLS applet through RACS failed"; return 1; }
  grep -q '^-6' "$G/byhand.out" || { say "an AID outside se4's allowlist was not refused"; return 1; }
  grid_racs_by_hand "$G" "$rport" "" BEGIN GET-VERSION END > "$G/nocert.out"
  if grep -q '^+002' "$G/nocert.out"; then say "a client without a certificate got a RACS reply"; return 1; fi
  grid_racs_by_hand "$G" "$rport" vm-a BEGIN "POWERON se2" END | tee "$G/unauth.out"
  grep -q '^-608 001' "$G/unauth.out" || { say "a CN not allowed for se2 was not refused with -608"; return 1; }

  say "racs:// reader with the secfunet CLI"
  "$S" apdu -r "racs://127.0.0.1:$rport/se4" --racs-cert "$G/admin.pem" --racs-key "$G/admin.key" --racs-ca "$G/grid-ca.pem" \
      00A404000AF053454346554E455402 | tee "$G/apdu.out"
  grep -q '< SW 9000' "$G/apdu.out" || { say "apdu over racs:// failed"; return 1; }

  cat > "$G/hypervisor.toml" <<TOML
listen = "127.0.0.1:$hport"
metrics = "127.0.0.1:$mport"
[tls]
cert = "hypervisor.pem"
key = "hypervisor.key"
vm_ca = "grid-ca.pem"
[racs]
cert = "hypervisor-racs.pem"
key = "hypervisor-racs.key"
ca = "grid-ca.pem"
[[card]]
id = "a1"
reader = "racs://127.0.0.1:$rport/se1"
pin = "pass:1234"
[[card]]
id = "a2"
reader = "racs://127.0.0.1:$rport/se2"
pin = "pass:1234"
[[card]]
id = "b1"
reader = "racs://127.0.0.1:$rport/se3"
[[vm]]
name = "vm-a"
cards = ["a1", "a2"]
[[vm]]
name = "vm-b"
cards = ["b1"]
TOML
  start_service "$G/hv" s_hypervisor "$S" s_hypervisor --config "$G/hypervisor.toml" || return 1
  cat "$G/hv.out"
  openssl s_server -accept "127.0.0.1:$sport" -cert "$G/web-server.pem" -key "$G/web-server.key" -CAfile "$G/web-ca.pem" \
      -Verify 1 -verify_return_error -rev -naccept 3 >"$G/s_server.out" 2>&1 &
  VCARD_PIDS+=($!)
  local spid=$!
  await_line "$G/s_server.out" ACCEPT "$spid" "openssl s_server" || return 1
  local vm="-hypervisor 127.0.0.1:$hport -connect 127.0.0.1:$sport -CAfile $G/grid-ca.pem"
  say "s_vm: vm-a in tunnel mode (its first hypervisor is down: it fails over), vm-b in hand-off mode with its own PIN"
  # shellcheck disable=SC2086
  printf "hello from vm a\n" | "$S" s_vm -hypervisor 127.0.0.1:1 $vm -mode tunnel -cert "$G/vm-a.pem" -key "$G/vm-a.key" >"$G/vm-a.out" 2>"$G/vm-a.err" \
      || { cat "$G/vm-a.err" >&2; return 1; }
  cat "$G/vm-a.err" "$G/vm-a.out"
  grep -q "a mv morf olleh" "$G/vm-a.out" || { say "vm-a did not get its reversed line"; return 1; }
  grep -q "through s_hypervisor 127.0.0.1:$hport" "$G/vm-a.err" || { say "vm-a was not served by the hypervisor that is up"; return 1; }
  # shellcheck disable=SC2086
  printf "hello from vm b\n" | "$S" s_vm $vm -mode handoff -pass pass:1234 -cert "$G/vm-b.pem" -key "$G/vm-b.key" >"$G/vm-b.out" 2>"$G/vm-b.err" \
      || { cat "$G/vm-b.err" >&2; return 1; }
  cat "$G/vm-b.err" "$G/vm-b.out"
  grep -q "b mv morf olleh" "$G/vm-b.out" || { say "vm-b did not get its reversed line"; return 1; }
  say "s_scard with a card of the grid (racs://)"
  printf "hello from the grid\n" | "$S" s_scard -connect "127.0.0.1:$sport" -r "racs://127.0.0.1:$rport/se4" -pass pass:1234 -brief \
      --racs-cert "$G/admin.pem" --racs-key "$G/admin.key" --racs-ca "$G/grid-ca.pem" >"$G/s_scard.out" 2>"$G/s_scard.err" \
      || { cat "$G/s_scard.err" >&2; return 1; }
  cat "$G/s_scard.err" "$G/s_scard.out"
  grep -q "dirg eht morf olleh" "$G/s_scard.out" || { say "s_scard over racs:// did not get its reversed line"; return 1; }
  wait "$spid" 2>/dev/null || true
  grep -q "card-1\|card-2" "$G/s_server.out" && grep -q "card-3" "$G/s_server.out" && grep -q "card-4" "$G/s_server.out" \
      || { say "s_server did not see each VM's card certificate"; cat "$G/s_server.out" >&2; return 1; }
  # shellcheck disable=SC2086
  if "$S" s_vm $vm -card b1 -cert "$G/vm-a.pem" -key "$G/vm-a.key" </dev/null >/dev/null 2>"$G/deny.err"; then
    say "vm-a was allowed vm-b's card"; return 1
  fi
  cat "$G/deny.err"
  grep -q "not bound to this VM" "$G/deny.err" || return 1
  local metrics
  exec 5<>"/dev/tcp/127.0.0.1/$mport"
  printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&5
  metrics=$(timeout 10 cat <&5 || true)
  exec 5<&-
  echo "$metrics" | grep '^secfunet_hypervisor_handshakes_total'
  echo "$metrics" | grep -q 'secfunet_hypervisor_handshakes_total{mode="tunnel",vm="vm-a"} 1' || { say "metrics do not count vm-a's handshake"; return 1; }
  echo "$metrics" | grep -q 'secfunet_hypervisor_failures_total{reason="denied",vm="vm-a"} 1' || { say "metrics do not count the refusal"; return 1; }
  say "grid smoke test passed"
}
