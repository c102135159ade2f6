# shellcheck shell=bash
# The SIM/USIM smoke test of bin/test: a software USIM served to pcscd through vpcd, read by
# `secfunet sim` and by wpa_supplicant's eapol_test (pcsc=""), which authenticates with EAP-AKA and
# EAP-SIM and EAP-AKA' against hostapd, and a GSM-only SIM (EAP-SIM through the GSM 11.11 path) backed by `secfunet auc` (Milenage). The card's SQN starts ahead of the
# centre's, so the first EAP-AKA run goes through an AUTS re-synchronisation; a wrong K fails.
# Usage: sim_smoke WORK S VPCD_BASE   (appends PIDs to VCARD_PIDS)

sim_smoke() {
  local S=$2 base=$3 D="$1/sim"
  local hport=$((base + 400)) reader="VPCD0 00 00" imsi=001010000000001
  local k=465b5ce8b199b49faa5f0a2ee238a6bc opc=cd63cb71954a9f4e48a5994e37a02baf
  mkdir -p "$D"
  cat > "$D/usim.toml" <<TOML
label = "smoke USIM"
imsi = "$imsi"
iccid = "8900000000000000001"
k = "$k"
opc = "$opc"
sqn = "000000001000"
pin = "1234"
puk = "12345678"
TOML
  sim_serve "$D" "$S" usim "$base" "$reader" pass:1234 || return 1
  grep -q "IMSI: $imsi" "$D/usim-info.out" || { say "sim info did not read the IMSI"; return 1; }
  "$S" sim gsm-auth -r "$reader" -pass pass:1234 --rand 23553cbe9637a89d218ae64dae47bf35 | tee "$D/gsm.out"
  grep -qE "^SRES: [0-9a-f]{8}$" "$D/gsm.out" || { say "sim gsm-auth printed no SRES"; return 1; }

  # a GSM-only SIM (class 00 refused) in the next slot: wpa_supplicant must fall back to GSM 11.11
  local gsmreader="VPCD0 00 01" gsmimsi=001010000000002
  cat > "$D/gsm.toml" <<TOML
label = "smoke GSM SIM"
type = "sim"
imsi = "$gsmimsi"
k = "$k"
opc = "$opc"
pin = "4321"
TOML
  sim_serve "$D" "$S" gsm "$((base + 1))" "$gsmreader" pass:4321 || return 1
  grep -q "^type: SIM" "$D/gsm-info.out" && grep -q "IMSI: $gsmimsi" "$D/gsm-info.out" && grep -q "^PIN tries left: 3" "$D/gsm-info.out" \
      || { say "sim info did not see a GSM SIM with its PIN status"; return 1; }

  cat > "$D/subscribers.toml" <<TOML
[[subscriber]]
imsi = "$imsi"
k = "$k"
opc = "$opc"
amf = "8000"
sqn = "000000000000"
[[subscriber]]
imsi = "$gsmimsi"
k = "$k"
opc = "$opc"
amf = "8000"
sqn = "000000000000"
TOML
  start_service "$D/auc" auc "$S" auc --subscribers "$D/subscribers.toml" --socket "$D/auc.sock" || return 1
  local auc=$SERVICE_PID
  printf '"1"*\tSIM\n"0"*\tAKA\n"6"*\tAKA'"'"'\n' > "$D/hostapd.eap_user"
  printf '127.0.0.1/32 testing123\n' > "$D/hostapd.clients"
  { hostapd_eap_server sfnsim "$D/hostapd.eap_user"; cat <<CONF; } > "$D/hostapd.conf"
eap_sim_db=unix:$D/auc.sock
radius_server_clients=$D/hostapd.clients
radius_server_auth_port=$hport
radius_server_acct_port=0
CONF
  start_hostapd "$D/hostapd.conf" "$D/hostapd.out" || return 1
  local method id
  for method in AKA SIM "AKA'"; do
    case $method in AKA) id="0$imsi" ;; SIM) id="1$imsi" ;; *) id="6$imsi" ;; esac
    cat > "$D/$method.conf" <<CONF
network={
  key_mgmt=WPA-EAP
  eap=$method
  identity="$id"
  pcsc=""
  pin="1234"
  eapol_flags=0
}
CONF
    say "eapol_test EAP-$method with the software USIM through pcscd"
    eapol_test -c "$D/$method.conf" -a 127.0.0.1 -p "$hport" -s testing123 -t 20 -R "$reader" -P 1234 >"$D/$method.out" 2>&1 \
        || { tail -40 "$D/$method.out" >&2; return 1; }
    grep -E "MPPE keys OK|^SUCCESS" "$D/$method.out"
    tail -1 "$D/$method.out" | grep -q '^SUCCESS' || return 1
  done
  say "eapol_test EAP-SIM with the GSM-only SIM through pcscd"
  cat > "$D/GSM.conf" <<CONF
network={
  key_mgmt=WPA-EAP
  eap=SIM
  identity="1$gsmimsi"
  pcsc=""
  pin="4321"
  eapol_flags=0
}
CONF
  eapol_test -c "$D/GSM.conf" -a 127.0.0.1 -p "$hport" -s testing123 -t 20 -R "$gsmreader" -P 4321 >"$D/GSM.out" 2>&1 \
      || { tail -40 "$D/GSM.out" >&2; return 1; }
  grep -E "^SCARD: USIM is not supported|MPPE keys OK|^SUCCESS" "$D/GSM.out"
  grep -q "^SCARD: USIM is not supported" "$D/GSM.out" || { say "wpa_supplicant did not take the GSM SIM path"; return 1; }
  tail -1 "$D/GSM.out" | grep -q '^SUCCESS' || return 1

  grep -qi "synchroni" "$D/AKA.out" || { say "the first EAP-AKA run did not re-synchronise (AUTS)"; return 1; }
  grep -q "re-synchronised $imsi" "$D/auc.log" || { say "auc did not log the re-synchronisation"; cat "$D/auc.log" >&2; return 1; }

  say "a blocked PIN stops eapol_test; secfunet sim unblock (PUK) through pcscd brings the card back"
  local _i
  for _i in 1 2 3; do "$S" sim info -r "$reader" -pass pass:0000 >/dev/null 2>&1 || true; done
  "$S" sim info -r "$reader" -pass pass:1234 >/dev/null 2>"$D/blocked.err" && { say "the PIN did not block"; return 1; }
  cat "$D/blocked.err"
  grep -q "the PIN is blocked" "$D/blocked.err" || return 1
  if eapol_test -c "$D/AKA.conf" -a 127.0.0.1 -p "$hport" -s testing123 -t 10 -R "$reader" -P 1234 >"$D/blocked.out" 2>&1; then
    say "EAP-AKA with a blocked PIN succeeded"; return 1
  fi
  grep -E "^SCARD: PIN has been blocked|^FAILURE" "$D/blocked.out"
  grep -q "^SCARD: PIN has been blocked" "$D/blocked.out" || { say "wpa_supplicant did not read the blocked PIN counter"; return 1; }
  "$S" sim unblock -r "$reader" --puk pass:12345678 --new-pin pass:1234 | tee "$D/unblock.out"
  grep -q "PIN unblocked" "$D/unblock.out" || return 1
  eapol_test -c "$D/AKA.conf" -a 127.0.0.1 -p "$hport" -s testing123 -t 20 -R "$reader" -P 1234 >"$D/unblocked.out" 2>&1 \
      || { tail -30 "$D/unblocked.out" >&2; return 1; }
  tail -1 "$D/unblocked.out" | grep -q '^SUCCESS' || return 1
  say "EAP-AKA after the unblock: SUCCESS"

  say "a wrong K ends in FAILURE"
  kill -TERM "$auc"; wait "$auc" 2>/dev/null || true
  sed -i "s/^k = .*/k = \"000102030405060708090a0b0c0d0e0f\"/" "$D/subscribers.toml"
  start_service "$D/auc2" "auc (wrong K)" "$S" auc --subscribers "$D/subscribers.toml" --socket "$D/auc.sock" || return 1
  if eapol_test -c "$D/AKA.conf" -a 127.0.0.1 -p "$hport" -s testing123 -t 10 -R "$reader" -P 1234 >"$D/wrongk.out" 2>&1; then
    say "EAP-AKA with a wrong K succeeded"; return 1
  fi
  grep -E "MAC != XMAC|UMTS authentication failed" "$D/wrongk.out"
  grep -q "UMTS auth failed - MAC != XMAC" "$D/wrongk.out" && tail -1 "$D/wrongk.out" | grep -q FAILURE || return 1
  say "sim smoke test passed"
}

# sim_serve D S NAME PORT READER PIN: creates the card D/NAME.sfn from D/NAME.toml, serves it to vpcd
# on PORT, waits until pcscd shows it in READER and shows `secfunet sim info` with PIN (in D/NAME-info.out).
sim_serve() {
  local d=$1 s=$2 name=$3 port=$4 reader=$5 pin=$6
  "$s" vcard create "$d/$name.sfn" --sim "$d/$name.toml"
  "$s" vcard --store "$d/$name.sfn" --vpcd "127.0.0.1:$port" --for 600 >"$d/vcard-$name.out" 2>&1 &
  VCARD_PIDS+=($!)
  await_line "$d/vcard-$name.out" '^ready:' "$!" "vcard $name" || return 1
  await 30 card_in "$s" "$reader" || { say "$reader shows no card"; return 1; }
  "$s" sim info -r "$reader" -pass "$pin" | tee "$d/$name-info.out"
}
