# shellcheck shell=bash
# The pinpad smoke test of bin/test (issue #17): the real pcscd with the test pinpad reader
# (testreader/pinpad, built here), pcscd logging every APDU (--debug --apdu), and software cards
# plugged in through the reader's vpcd-protocol port. The PINs are typed into the reader's key FIFO,
# never given to secfunet: s_scard -pass pinpad against openssl s_server -Verify 1, wrong PIN with
# tries left, three wrong PINs block, cancel and timeout, `card pin change` on the pinpad, a USIM's
# PIN through the pinpad then `sim info`'s IMSI, OpenSC's view of the reader, and a scan of the whole
# hex trace and pcscd's APDU log for every typed digit string (with a control run proving the scan
# finds a PIN that did cross the host).
# Usage: pinpad_smoke WORK S PORT   (S: the secfunet launcher; stops the pcscd of WORK/pcscd.ownpid
#        and leaves its own pcscd there for bin/test's cleanup; appends PIDs to VCARD_PIDS)
# shellcheck source=pinpad.sh
. "$(dirname "${BASH_SOURCE[0]}")/pinpad.sh"
# shellcheck source=pki.sh
. "$(dirname "${BASH_SOURCE[0]}")/pki.sh"
# shellcheck source=grid-smoke.sh
. "$(dirname "${BASH_SOURCE[0]}")/grid-smoke.sh"

PINPAD_READER="PINPAD0 00 00"

pinpad_smoke() {
  local work=$1 S=$2 port=$3 D="$1/pinpad" R="PINPAD0 00 00"
  # PINs typed on the pinpad only (scanned for at the end), and one the host sends (unblock's new PIN)
  local pin=73915286 wrong=40628157 newpin=58204716 simpin=61749283 hostpin=1357 sport=$(($3 + 1)) fails=0
  mkdir -p "$D"
  pinpad_build "$D/build" || return 1
  rm -f "$D/keys"
  mkfifo "$D/keys"
  # the pinpad reader replaces bin/test's vpcd readers for this test, in pcscd's same files
  pcscd_stop "$(cat "$work/pcscd.ownpid")"
  IFD_PINPAD_KEYS="$D/keys" VPCD_DRIVER="$D/build/libifdpinpad.so" PCSCD_FRIENDLY=PINPAD PCSCD_FLAGS="--debug --apdu" \
    pcscd_start "$work" 1 "$port" || return 1
  say "pcscd $PCSCD_PID with the test pinpad reader '$R' (card port $port, keys $D/keys), logging APDUs"

  smoke_pki "$D" pinpad
  "$S" card init --store "$D/eap.sfn" --pin "pass:$pin" --puk pass:12345678 >/dev/null
  "$S" card import -r "vcard:$D/eap.sfn" --p12 "$D/c.p12" --p12-pass pass:p12 --puk pass:12345678 >/dev/null
  "$S" card ca add -r "vcard:$D/eap.sfn" --cert "$D/ca.pem" --puk pass:12345678 >/dev/null
  "$S" card set-identity -r "vcard:$D/eap.sfn" --label web --eap-id pinpad-c --puk pass:12345678 >/dev/null
  pinpad_serve "$D" "$S" eap "$port" "$R" || return 1

  # OpenSC's and pcsc-tools' view: the reader's part 10 features
  timeout 10 opensc-tool -l -v >"$D/opensc.out" 2>&1
  cat "$D/opensc.out"
  grep -q "PIN pad *$R" "$D/opensc.out" || { pinpad_fail "opensc-tool -l -v shows no PIN pad for $R"; fails=$((fails + 1)); }

  openssl s_server -accept "127.0.0.1:$sport" -cert "$D/s.pem" -key "$D/s.key" -CAfile "$D/ca.pem" -Verify 1 -verify_return_error -rev \
      >"$D/s_server.out" 2>&1 &
  VCARD_PIDS+=($!)
  await_line "$D/s_server.out" ACCEPT "$!" "openssl s_server" || return 1
  local trace="$D/trace.hex" out
  # scard KEYS NAME ARGS...: s_scard with the hex trace appended to $trace; KEYS typed once it asks for the PIN on the pinpad
  scard() {
    local keys=$1 name=$2
    shift 2
    pinpad_typed "$D" "$keys" "$name" sh -c 'printf "hello pinpad\n" | exec "$@"' sh \
      "$S" s_scard -connect "127.0.0.1:$sport" -r "$R" -brief --trace hex --trace-to "$trace" "$@"
  }
  expect_error() { # NAME PATTERN: exit non-zero, exactly one line on stderr (after the pinpad prompt), matching PATTERN
    local name=$1 pattern=$2 lines
    lines=$(grep -v "on the pinpad of reader '" "$D/$name.err")
    if [ "$(printf '%s\n' "$lines" | wc -l)" -ne 1 ] || ! printf '%s\n' "$lines" | grep -qE "$pattern"; then
      pinpad_fail "$name: expected one line matching '$pattern', got:"; cat "$D/$name.err" >&2; fails=$((fails + 1))
    else
      echo "ok   $name: $lines"
    fi
  }
  if scard "$pin\n" right -pass pinpad && grep -q "dapnip olleh" "$D/right.out"; then
    echo "ok   s_scard -pass pinpad: handshake, reversed line back"
  else
    pinpad_fail "s_scard -pass pinpad failed"; cat "$D/right.err" "$D/right.out" >&2; fails=$((fails + 1))
  fi
  grep -q "pinpad-c" "$D/s_server.out" || { pinpad_fail "s_server did not see the card's certificate"; fails=$((fails + 1)); }
  if scard "$pin\n" auto && grep -q "dapnip olleh" "$D/auto.out"; then
    echo "ok   s_scard with no -pass (auto) uses the pinpad"
  else
    pinpad_fail "s_scard with no -pass did not use the pinpad"; cat "$D/auto.err" >&2; fails=$((fails + 1))
  fi
  scard "$wrong\n" wrong1 -pass pinpad && { pinpad_fail "a wrong PIN on the pinpad passed"; fails=$((fails + 1)); }
  expect_error wrong1 "PIN .*2 tries left"
  scard "cancel\n" cancel -pass pinpad && { pinpad_fail "a cancelled PIN entry passed"; fails=$((fails + 1)); }
  expect_error cancel "PIN entry was cancelled on the pinpad"
  scard "$pin\n" right2 -pass pinpad || { pinpad_fail "the right PIN after a wrong one failed"; cat "$D/right2.err" >&2; fails=$((fails + 1)); }
  # nothing typed: the reader's default timeout (the driver's 30 s)
  scard "" timeout -pass pinpad && { pinpad_fail "a PIN entry with no keys passed"; fails=$((fails + 1)); }
  expect_error timeout "no PIN was typed on the pinpad in time"
  scard "$wrong\n" block1 -pass pinpad || true
  expect_error block1 "2 tries left"
  scard "$wrong\n" block2 -pass pinpad || true
  expect_error block2 "1 tries? left"
  scard "$wrong\n" block3 -pass pinpad || true
  expect_error block3 "0 tries left|blocked"
  scard "$pin\n" blocked -pass pinpad && { pinpad_fail "the right PIN passed on a blocked card"; fails=$((fails + 1)); }
  expect_error blocked "blocked.*secfunet card pin unblock"
  "$S" card pin unblock -r "$R" --puk pass:12345678 --new "pass:$hostpin" >/dev/null \
    || { pinpad_fail "card pin unblock failed"; fails=$((fails + 1)); }

  # card pin change on the pinpad: the current PIN, then the new one twice
  if pinpad_typed "$D" "$hostpin\n$newpin\n$newpin\n" change "$S" card pin change -r "$R" --old pinpad --new pinpad && grep -q "PIN changed" "$D/change.out"; then
    echo "ok   card pin change on the pinpad"
  else
    pinpad_fail "card pin change on the pinpad failed"; cat "$D/change.err" >&2; fails=$((fails + 1))
  fi
  if scard "$newpin\n" newpin -pass pinpad && grep -q "dapnip olleh" "$D/newpin.out"; then
    echo "ok   the new PIN works on the pinpad"
  else
    pinpad_fail "the new PIN does not work"; cat "$D/newpin.err" >&2; fails=$((fails + 1))
  fi
  scard "$hostpin\n" oldpin -pass pinpad && { pinpad_fail "the old PIN still works"; fails=$((fails + 1)); }
  expect_error oldpin "2 tries left"
  scard "$newpin\n" newpin2 -pass pinpad || { pinpad_fail "the new PIN failed after the old one"; fails=$((fails + 1)); }
  pinpad_jca "$D" "$S" "$R" "$newpin" "$((sport + 1))" || fails=$((fails + 1))
  pinpad_hypervisor "$D" "$S" "$R" "$newpin" "$((sport + 2))" "$sport" || fails=$((fails + 1))
  pinpad_unplug "$D" eap

  # a USIM on the same reader: its PIN through the pinpad, then the IMSI
  cat > "$D/usim.toml" <<TOML
label = "pinpad USIM"
imsi = "001010000000009"
iccid = "8900000000000000009"
k = "465b5ce8b199b49faa5f0a2ee238a6bc"
opc = "cd63cb71954a9f4e48a5994e37a02baf"
sqn = "000000001000"
pin = "$simpin"
puk = "12345678"
TOML
  "$S" vcard create "$D/usim.sfn" --sim "$D/usim.toml" >/dev/null
  pinpad_serve "$D" "$S" usim "$port" "$R" || return 1
  if pinpad_typed "$D" "$simpin\n" sim "$S" sim info -r "$R" -pass pinpad --trace hex --trace-to "$trace" && grep -q "IMSI: 001010000000009" "$D/sim.out"; then
    echo "ok   sim info with the PIN typed on the pinpad: IMSI read"
  else
    pinpad_fail "sim info -pass pinpad did not read the IMSI"; cat "$D/sim.err" "$D/sim.out" >&2; fails=$((fails + 1))
  fi
  pinpad_typed "$D" "0000\n" simwrong "$S" sim info -r "$R" -pass pinpad && { pinpad_fail "a wrong SIM PIN passed"; fails=$((fails + 1)); }
  if grep -q "tries left" "$D/simwrong.err"; then
    echo "ok   wrong SIM PIN on the pinpad: $(grep "tries left" "$D/simwrong.err")"
  else
    pinpad_fail "wrong SIM PIN: no tries left line"; cat "$D/simwrong.err" >&2; fails=$((fails + 1))
  fi
  pinpad_typed "$D" "$simpin\n" simright "$S" sim info -r "$R" -pass pinpad || true # restores the tries
  pinpad_unplug "$D" usim

  # no typed digit string anywhere: the whole hex trace and pcscd's APDU log
  local log="$work/pcscd.log" p hex spaced
  if ! grep -q "VERIFY PIN on the reader's pinpad" "$trace"; then pinpad_fail "the trace shows no pinpad VERIFY"; fails=$((fails + 1)); fi
  grep -qi "APDU" "$log" || { pinpad_fail "pcscd's log has no APDU lines (--apdu)"; fails=$((fails + 1)); }
  for p in "$pin" "$wrong" "$newpin" "$simpin"; do
    hex=$(printf '%s' "$p" | od -An -tx1 | tr -d ' \n')
    spaced=$(printf '%s' "$p" | od -An -tx1 | sed 's/^ //' | tr -d '\n')
    if grep -qiF -e "$p" -e "$hex" -e "$spaced" "$trace" "$log"; then
      pinpad_fail "the digits $p, typed on the pinpad, appear in the trace or pcscd's log"; fails=$((fails + 1))
    else
      echo "ok   $p (typed on the pinpad) is nowhere in the trace ($(wc -l <"$trace") lines) or pcscd's APDU log ($(wc -l <"$log") lines)"
    fi
  done
  # control: the same scan finds a PIN that did cross the host (-pass pass:, sent by the host in VERIFY)
  pinpad_serve "$D" "$S" eap "$port" "$R" || return 1
  local mark
  mark=$(wc -c <"$log")
  scard "" typed -pass "pass:$newpin" || { pinpad_fail "s_scard -pass pass: failed"; cat "$D/typed.err" >&2; fails=$((fails + 1)); }
  hex=$(printf '%s' "$newpin" | od -An -tx1 | tr -d ' \n')
  spaced=$(printf '%s' "$newpin" | od -An -tx1 | sed 's/^ //' | tr -d '\n')
  if tail -c +"$((mark + 1))" "$log" | grep -qiF -e "$hex" -e "$spaced"; then
    echo "ok   control: a PIN given with -pass pass: is in pcscd's APDU log, so the scan above would have found a leak"
  else
    pinpad_fail "control: the scan did not find a PIN the host did send"; fails=$((fails + 1))
  fi
  pinpad_unplug "$D" eap
  [ "$fails" -eq 0 ] || { say "pinpad smoke test: $fails failures"; return 1; }
  say "pinpad smoke test passed"
}

pinpad_fail() { echo "FAIL $*" >&2; }

# pinpad_hypervisor D S READER PIN PORT TARGETPORT: s_hypervisor whose card on READER has its operator PIN
# on the pinpad (pin = "pinpad", a card session per handshake), a VM in tunnel mode to the s_server -rev
# on TARGETPORT: the PIN typed on the pinpad serves the VM; a cancel gives the VM one ERR line.
pinpad_hypervisor() {
  local d=$1 s=$2 reader=$3 pin=$4 port=$5 target=$6 n
  cp "$d/ca.pem" "$d/grid-ca.pem"; cp "$d/ca.key" "$d/grid-ca.key"
  grid_cert "$d" hypervisor server grid-ca
  grid_cert "$d" vm-a client grid-ca
  cat >"$d/hypervisor.toml" <<TOML
listen = "127.0.0.1:$port"
[tls]
cert = "hypervisor.pem"
key = "hypervisor.key"
vm_ca = "grid-ca.pem"
[limits]
card_keep_ms = 0
[[card]]
id = "p1"
reader = "$reader"
pin = "pinpad"
[[vm]]
name = "vm-a"
cards = ["p1"]
TOML
  start_service "$d/hv" s_hypervisor "$s" s_hypervisor --config "$d/hypervisor.toml" || return 1
  local vm=(-hypervisor "127.0.0.1:$port" -connect "127.0.0.1:$target" -CAfile "$d/grid-ca.pem" -mode tunnel -cert "$d/vm-a.pem" -key "$d/vm-a.key")
  printf '%s\n' "$pin" >"$d/keys"
  if printf "hello from a vm\n" | timeout 90 "$s" s_vm "${vm[@]}" >"$d/vm.out" 2>"$d/vm.err" && grep -q "mv a morf olleh" "$d/vm.out" \
      && grep -q "type its PIN on the pinpad of reader" "$d/hv.log"; then
    echo "ok   s_hypervisor, operator PIN on the pinpad: the VM's handshake used the card"
  else
    pinpad_fail "s_hypervisor with pin = \"pinpad\" did not serve the VM"; cat "$d/vm.err" "$d/hv.log" >&2; return 1
  fi
  printf 'cancel\n' >"$d/keys"
  printf "hello\n" | timeout 90 "$s" s_vm "${vm[@]}" >"$d/vm-cancel.out" 2>"$d/vm-cancel.err" && { pinpad_fail "a cancelled operator PIN served the VM"; return 1; }
  n=$(wc -l <"$d/vm-cancel.err")
  if [ "$n" -eq 1 ] && grep -q "pinpad" "$d/vm-cancel.err"; then
    echo "ok   s_hypervisor, operator PIN cancelled on the pinpad: $(cat "$d/vm-cancel.err")"
  else
    pinpad_fail "cancel on the hypervisor's pinpad: expected one line naming the pinpad:"; cat "$d/vm-cancel.err" >&2; return 1
  fi
  kill -TERM "$SERVICE_PID" 2>/dev/null; wait "$SERVICE_PID" 2>/dev/null || true
}

# pinpad_jca D S READER PIN PORT: an unmodified JDK HTTPS client (the jca tests' PlainHttpsClient) with the
# SecFuNet provider configured "READER;pin=pinpad" by JVM options only, against openssl s_server -www
# -Verify 1 on PORT: the card's key signs after PIN (typed on the pinpad, queued first) was entered there.
pinpad_jca() {
  local d=$1 s=$2 reader=$3 pin=$4 port=$5 root
  root=$(cd "$(dirname "$s")/.." && pwd)
  rm -f "$d/trust.p12"
  keytool -importcert -noprompt -alias ca -file "$d/ca.pem" -keystore "$d/trust.p12" -storetype PKCS12 -storepass changeit >/dev/null 2>&1
  printf 'security.provider.13=org.secfunet.jca.SecFuNetProvider %s;pin=pinpad\n' "$reader" >"$d/jca.java.security"
  openssl s_server -accept "127.0.0.1:$port" -cert "$d/s.pem" -key "$d/s.key" -CAfile "$d/ca.pem" -Verify 1 -verify_return_error -www \
      >"$d/s_server-www.out" 2>&1 &
  VCARD_PIDS+=($!)
  await_line "$d/s_server-www.out" ACCEPT "$!" "openssl s_server -www" || return 1
  printf '%s\n' "$pin" >"$d/keys"
  if timeout 90 "$JAVA_HOME/bin/java" --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED \
      -Djava.security.properties="$d/jca.java.security" -Djavax.net.ssl.keyStoreType=SecFuNet -Djavax.net.ssl.keyStore=NONE \
      -Djavax.net.ssl.trustStore="$d/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit \
      -cp "$root/secfunet-cli/target/lib/*" "$root/secfunet-jca/src/test/fixtures/PlainHttpsClient.java" "https://localhost:$port/" \
      >"$d/jca.out" 2>"$d/jca.err" && grep -q "^200 " "$d/jca.out"; then
    echo "ok   an unmodified JDK HTTPS client, provider pin=pinpad: HTTP 200 from s_server -Verify 1 with the card's key"
  else
    pinpad_fail "the JDK HTTPS client with pin=pinpad failed"; cat "$d/jca.err" "$d/jca.out" >&2; return 1
  fi
}

# pinpad_typed D KEYS NAME CMD...: runs CMD (stdout D/NAME.out, stderr D/NAME.err, at most 90 s) and types
# KEYS (printf %b) into the pinpad's FIFO once CMD says on stderr that it waits for the pinpad, as a
# user would; nothing is typed if CMD ends first, so no key is left queued for the next command. CMD's status.
pinpad_typed() {
  local d=$1 keys=$2 name=$3 pid rc=0
  shift 3
  : >"$d/$name.err"
  timeout 90 "$@" >"$d/$name.out" 2>"$d/$name.err" &
  pid=$!
  pinpad_asks() { grep -q "on the pinpad of reader" "$1" || pid_gone "$2"; }
  await 60 pinpad_asks "$d/$name.err" "$pid" || true
  if [ -n "$keys" ] && grep -q "on the pinpad of reader" "$d/$name.err"; then printf '%b' "$keys" >"$d/keys"; fi
  wait "$pid" || rc=$?
  return "$rc"
}

# pinpad_serve D S NAME PORT READER: serves D/NAME.sfn to the pinpad reader's port; waits for the card in READER.
pinpad_serve() {
  local d=$1 s=$2 name=$3 port=$4 reader=$5
  "$s" vcard --store "$d/$name.sfn" --vpcd "127.0.0.1:$port" --for 600 >"$d/vcard-$name.out" 2>&1 &
  echo $! >"$d/vcard-$name.pid"
  VCARD_PIDS+=($!)
  await_line "$d/vcard-$name.out" '^ready:' "$!" "vcard $name" || return 1
  pinpad_card_in() { timeout 5 opensc-tool -l 2>/dev/null | grep -q "Yes.*$1"; }
  await 30 pinpad_card_in "$reader" || { say "$reader shows no card"; cat "$d/vcard-$name.out" >&2; return 1; }
}

# pinpad_unplug D NAME: stops the card served by pinpad_serve and waits until it is gone.
pinpad_unplug() {
  local pid
  pid=$(cat "$1/vcard-$2.pid")
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pinpad_card_out() { ! timeout 5 opensc-tool -l 2>/dev/null | grep -q "Yes.*$PINPAD_READER"; }
  await 30 pinpad_card_out || say "the card $2 is still in the reader"
}
