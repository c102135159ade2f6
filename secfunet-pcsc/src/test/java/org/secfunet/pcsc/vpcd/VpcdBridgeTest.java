package org.secfunet.pcsc.vpcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;
import org.secfunet.pcsc.CardDevice;

/** The bridge against a scripted vpcd (a local server speaking vpcd's framing). */
class VpcdBridgeTest {

    static final class EchoCard implements CardDevice {
        final List<String> log = new CopyOnWriteArrayList<>();

        public byte[] atr() {
            log.add("atr");
            return Hex.decode("3B85018073000040 37");
        }

        public void powerOn() {
            log.add("on");
        }

        public void powerOff() {
            log.add("off");
        }

        public void reset() {
            log.add("reset");
        }

        public byte[] transmit(byte[] c) {
            if (c[1] == 0x0E) {
                return new byte[0]; // a broken answer the bridge must not forward
            }
            if (c[1] == 0x0F) {
                throw new IllegalStateException("boom");
            }
            byte[] r = new byte[c.length + 2];
            System.arraycopy(c, 0, r, 0, c.length);
            r[c.length] = (byte) 0x90;
            return r;
        }

        public String label() {
            return "echo";
        }
    }

    private static byte[] exchange(DataOutputStream out, DataInputStream in, byte[] payload) throws Exception {
        out.writeShort(payload.length);
        out.write(payload);
        out.flush();
        int n = in.readUnsignedShort();
        byte[] r = new byte[n];
        in.readFully(r);
        return r;
    }

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void answersControlBytesAndApdusAndNeverSendsAnEmptyFrame() throws Exception {
        EchoCard card = new EchoCard();
        LinkedBlockingQueue<VpcdBridge.State> states = new LinkedBlockingQueue<>();
        try (ServerSocket vpcd = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             VpcdBridge bridge = new VpcdBridge(card, "127.0.0.1", vpcd.getLocalPort(), states::add).start()) {
            vpcd.setSoTimeout(5000);
            try (Socket s = vpcd.accept()) {
                s.setSoTimeout(5000);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                DataInputStream in = new DataInputStream(s.getInputStream());
                out.write(Hex.decode("0001 01"));
                assertThat(exchange(out, in, new byte[] {4})).isEqualTo(Hex.decode("3B85018073000040 37"));
                assertThat(exchange(out, in, Hex.decode("00010000"))).isEqualTo(Hex.decode("00010000 9000"));
                assertThat(exchange(out, in, Hex.decode("000E0000"))).isEqualTo(Hex.decode("6F00"));
                assertThat(exchange(out, in, Hex.decode("000F0000"))).isEqualTo(Hex.decode("6F00"));
                out.write(Hex.decode("0001 00"));
                out.flush();
                assertThat(exchange(out, in, new byte[] {4})).hasSize(9);
            }
            assertThat(poll(states, VpcdBridge.State.READY)).isTrue();
            // vpcd went away: the bridge reports it and connects again
            assertThat(poll(states, VpcdBridge.State.DISCONNECTED)).isTrue();
            try (Socket again = vpcd.accept()) {
                assertThat(again.isConnected()).isTrue();
            }
        }
        assertThat(card.log).containsSubsequence("on", "atr", "off");
    }

    private static boolean poll(LinkedBlockingQueue<VpcdBridge.State> q, VpcdBridge.State want) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            VpcdBridge.State s = q.poll(100, TimeUnit.MILLISECONDS);
            if (s == want) {
                return true;
            }
        }
        return false;
    }
}
