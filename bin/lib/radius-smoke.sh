# shellcheck shell=bash
# The RADIUS smoke test of bin/test: cards personalized with the secfunet CLI from an openssl-made
# PKI; wpa_supplicant's eapol_test against `secfunet radius_server` (EAP-TLS server in a card), and
# `secfunet eapol_test` (the card as peer) against hostapd's integrated RADIUS server.
# Usage: radius_smoke WORK S BASEPORT   (appends PIDs to VCARD_PIDS)

radius_smoke() {
  local S=$2 base=$3 D="$1/radius"
  local rport=$((base + 300)) hport=$((base + 301)) mport=$((base + 302))
  mkdir -p "$D"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$D/ca.key" -out "$D/ca.pem" -days 2 -subj "/CN=radius test CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  printf "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:radius.test.local\n" > "$D/server.ext"
  printf "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\nsubjectAltName=email:card@test.local\n" > "$D/client.ext"
  local who
  for who in server client; do
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$D/$who.key" -out "$D/$who.csr" -subj "/CN=$who.test.local" 2>/dev/null
    openssl x509 -req -in "$D/$who.csr" -CA "$D/ca.pem" -CAkey "$D/ca.key" -CAcreateserial -out "$D/$who.pem" -days 1 -extfile "$D/$who.ext" 2>/dev/null
    openssl pkcs12 -export -inkey "$D/$who.key" -in "$D/$who.pem" -out "$D/$who.p12" -passout pass:p12
  done
  local card role label eapid
  for card in server peer; do
    if [ $card = server ]; then role=server label=radius eapid=radius.test.local who=server; else role=peer label=wifi eapid=card@test.local who=client; fi
    "$S" card init --store "$D/$card.sfn" --pin pass:1234 --puk pass:12345678 >/dev/null
    "$S" card import -r "vcard:$D/$card.sfn" --p12 "$D/$who.p12" --p12-pass pass:p12 --puk pass:12345678 >/dev/null
    "$S" card ca add -r "vcard:$D/$card.sfn" --cert "$D/ca.pem" --puk pass:12345678 >/dev/null
    "$S" card set-identity -r "vcard:$D/$card.sfn" --label $label --eap-id $eapid --role $role --puk pass:12345678 >/dev/null
  done
  cat > "$D/radius.toml" <<TOML
listen = "127.0.0.1:$rport"
metrics = "127.0.0.1:$mport"
metrics_token = "file:metrics.token"
[[client]]
address = "127.0.0.1"
secret = "pass:testing123"
[[card]]
reader = "vcard:server.sfn"
pin = "pass:1234"
identity = "radius"
TOML
  (umask 077; echo "smoke-metrics-token" > "$D/metrics.token")
  start_service "$D/radius" radius_server "$S" radius_server --config "$D/radius.toml" || return 1
  cat "$D/radius.out"
  cat > "$D/peer.conf" <<CONF
network={
  key_mgmt=WPA-EAP
  eap=TLS
  identity="card@test.local"
  ca_cert="$D/ca.pem"
  client_cert="$D/client.pem"
  private_key="$D/client.key"
  domain_suffix_match="radius.test.local"
  phase1="tls_disable_tlsv1_3=0"
  eapol_flags=0
}
CONF
  say "wpa_supplicant's eapol_test against secfunet radius_server"
  eapol_test -c "$D/peer.conf" -a 127.0.0.1 -p "$rport" -s testing123 -t 15 >"$D/eapol_test.out" 2>&1 || { tail -30 "$D/eapol_test.out" >&2; return 1; }
  grep -E "MPPE keys OK|ACKing Commitment|^SUCCESS" "$D/eapol_test.out"
  grep -q "MPPE keys OK: 1  mismatch: 0" "$D/eapol_test.out" && tail -1 "$D/eapol_test.out" | grep -q '^SUCCESS' || return 1
  grep -q "Access-Accept for 'card@test.local'" "$D/radius.log" || { say "radius_server did not log the accept"; cat "$D/radius.log" >&2; return 1; }

  say "secfunet eapol_test (the card as peer) against hostapd"
  printf "* TLS\n" > "$D/hostapd.eap_user"
  printf "127.0.0.1/32 testing123\n" > "$D/hostapd.clients"
  { hostapd_eap_server sfnsmoke "$D/hostapd.eap_user"; cat <<CONF; } > "$D/hostapd.conf"
ca_cert=$D/ca.pem
server_cert=$D/server.pem
private_key=$D/server.key
server_id=radius.test.local
tls_flags=[ENABLE-TLSv1.3]
radius_server_clients=$D/hostapd.clients
radius_server_auth_port=$hport
radius_server_acct_port=0
CONF
  start_hostapd "$D/hostapd.conf" "$D/hostapd.out" || return 1
  "$S" eapol_test -a 127.0.0.1 -p "$hport" -s pass:testing123 -r "vcard:$D/peer.sfn" -pass pass:1234 -t 15 | tee "$D/card-peer.out" || return 1
  grep -q "MPPE keys OK: 1  mismatch: 0" "$D/card-peer.out" && tail -1 "$D/card-peer.out" | grep -q '^SUCCESS' || return 1

  say "a wrong shared secret fails clearly"
  if "$S" eapol_test -a 127.0.0.1 -p "$rport" -s pass:wrong -r "vcard:$D/peer.sfn" -pass pass:1234 -t 3 >/dev/null 2>"$D/wrong.err"; then
    say "a wrong shared secret succeeded"; return 1
  fi
  cat "$D/wrong.err"
  grep -q "no valid answer" "$D/wrong.err" || return 1

  say "radius_server's metrics: a bearer token is required; accepts and dropped datagrams are counted"
  local metrics
  metrics=$(radius_metrics "$mport" "")
  echo "$metrics" | head -1 | grep -q ' 401' || { say "metrics without the token were not refused: $(echo "$metrics" | head -1)"; return 1; }
  metrics=$(radius_metrics "$mport" "smoke-metrics-token")
  echo "$metrics" | grep -E '^secfunet_radius_(replies_total\{code="accept"\}|dropped_total\{reason="bad_authenticator"\})'
  echo "$metrics" | grep -q '^secfunet_radius_replies_total{code="accept"} 1.0' || { say "metrics do not count the accept"; return 1; }
  echo "$metrics" | grep -qE '^secfunet_radius_dropped_total\{reason="bad_authenticator"\} [1-9]' || { say "metrics do not count the wrong-secret datagrams"; return 1; }
  say "radius smoke test passed"
}

# The metrics page of radius_server on 127.0.0.1:PORT (status line, headers, body), with a bearer TOKEN unless empty.
radius_metrics() {
  local port=$1 token=$2
  exec 6<>"/dev/tcp/127.0.0.1/$port"
  if [ -n "$token" ]; then
    printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n\r\n' "$token" >&6
  else
    printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&6
  fi
  timeout 10 cat <&6 || true
  exec 6<&-
}
