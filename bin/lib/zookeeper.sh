# shellcheck shell=bash
# A ZooKeeper server of our own for the grid's system test: Debian's zookeeperd files (its jars; the
# package's own service is never started), one standalone server on loopback with its own config
# and data under WORK, authentication enforced (a client must authenticate with the digest scheme
# before any request: ZooKeeper's enforce.auth.*), started by bin/test and stopped by its PID.
# Its ACLs come from the grid (org.secfunet.coord): this file only runs the server.

ZK_JAR=/usr/share/java/zookeeper.jar

# zk_start WORK PORT: starts the server on 127.0.0.1:PORT; sets ZK_PID (also in WORK/zk/pid) and
# waits (bounded) until it answers ZooKeeper's "ruok" with "imok". Returns 1 with its log otherwise.
zk_start() {
  local work=$1 port=$2 dir="$1/zk" i
  mkdir -p "$dir/data" "$dir/conf"
  cat > "$dir/conf/zoo.cfg" <<CFG
tickTime=500
initLimit=10
syncLimit=5
dataDir=$dir/data
clientPort=$port
clientPortAddress=127.0.0.1
admin.enableServer=false
maxClientCnxns=100
enforce.auth.enabled=true
enforce.auth.schemes=digest
4lw.commands.whitelist=ruok,srvr
CFG
  [ -r "$ZK_JAR" ] || { say "no $ZK_JAR: install Debian's zookeeperd"; return 1; }
  # a server left by an earlier, killed bin/test is ours to stop; any other one is not
  local old
  for old in $(pgrep -f "QuorumPeerMain /tmp/secfunet-test\.[A-Za-z0-9]+/zk/conf/zoo.cfg" 2>/dev/null); do
    say "stopping ZooKeeper $old left by an earlier bin/test"; zk_stop "$old"
  done
  # Debian's java (zookeeperd depends on default-jre): the server as the package runs it
  /usr/bin/java -Dzookeeper.log.dir="$dir" -cp "$dir/conf:$ZK_JAR" org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/conf/zoo.cfg" \
      >"$dir/zk.log" 2>&1 &
  ZK_PID=$!
  echo "$ZK_PID" > "$dir/pid"
  for i in $(seq 1 60); do
    kill -0 "$ZK_PID" 2>/dev/null || break # ours died (the port taken by someone else?)
    if [ "$(zk_four "$port" ruok)" = imok ]; then return 0; fi
    sleep 0.5
  done
  say "ZooKeeper on 127.0.0.1:$port did not start:"; tail -20 "$dir/zk.log" >&2
  return 1
}

# zk_four PORT WORD: the answer to one of ZooKeeper's four-letter words (at most 3 s).
zk_four() {
  local answer
  answer=$( { exec 3<>"/dev/tcp/127.0.0.1/$1" && printf '%s' "$2" >&3 && timeout 3 cat <&3; } 2>/dev/null) || true
  printf '%s' "$answer"
}

# zk_stop PID: TERM, then KILL after 10 s.
zk_stop() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
}
