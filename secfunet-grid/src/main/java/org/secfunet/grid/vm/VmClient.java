package org.secfunet.grid.vm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.secfunet.apdu.Hex;
import org.secfunet.grid.hypervisor.HypervisorConfig;
import org.secfunet.grid.hypervisor.VmReply;
import org.secfunet.grid.hypervisor.VmRequest;
import org.secfunet.service.HostPort;
import org.secfunet.pcsc.eapcard.ExportedKeys;
import org.secfunet.tls.TlsConnection;

/**
 * The VM side of s_hypervisor: ask for a card-authenticated TLS connection and get streams to it.
 * In tunnel mode the streams carry plaintext that the hypervisor protects; in hand-off mode this
 * library receives the session keys and runs the record layer itself, so the hypervisor only moves
 * ciphertext.
 */
public final class VmClient {
    private VmClient() {
    }

    /** An established session: the reply's details, the application-data streams, and the hypervisor that serves it. */
    public record Session(VmReply reply, InputStream in, OutputStream out, AutoCloseable closer, TlsConnection tls, HostPort hypervisor)
            implements AutoCloseable {
        public String version() {
            return reply.fields().get("version");
        }

        public String cipher() {
            return reply.fields().get("cipher");
        }

        public String card() {
            return reply.fields().get("card");
        }

        public String serverSubject() {
            return reply.text();
        }

        @Override
        public void close() {
            try {
                if (tls != null) {
                    tls.close();
                }
                closer.close();
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    /**
     * @param pin the card PIN to present for this VM, or null when the operator holds it; wiped here
     */
    public static Session connect(HostPort hypervisor, SSLContext context, VmRequest request, char[] pin, int timeoutMillis)
            throws IOException, VmRefusedException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
        boolean ok = false;
        try {
            s.connect(new InetSocketAddress(hypervisor.host(), hypervisor.port()), 10_000);
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMillis);
            s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm(null); // the hypervisor is pinned by its CA
            s.setSSLParameters(p);
            s.startHandshake();
            OutputStream out = s.getOutputStream();
            StringBuilder req = new StringBuilder();
            if (pin != null) {
                req.append("PIN ").append(pin).append("\r\n");
            }
            req.append(request.line()).append("\r\n");
            byte[] bytes = req.toString().getBytes(StandardCharsets.UTF_8);
            out.write(bytes);
            out.flush();
            Arrays.fill(bytes, (byte) 0);
            String line = readLine(s.getInputStream());
            if (line == null) {
                throw new IOException("s_hypervisor closed the connection without an answer (is this VM's certificate accepted?)");
            }
            VmReply reply = VmReply.parse(line);
            if (reply.kind() != VmReply.Kind.OK) {
                throw new VmRefusedException(reply);
            }
            s.setSoTimeout(0);
            Session session;
            if (request.mode() == HypervisorConfig.Mode.HANDOFF) {
                String hex = reply.fields().get("keys");
                if (hex == null) {
                    throw new IOException("s_hypervisor answered a hand-off without keys");
                }
                byte[] tlv = Hex.decode(hex);
                TlsConnection tls = new TlsConnection(ExportedKeys.parse(tlv), s.getInputStream(), out);
                Arrays.fill(tlv, (byte) 0);
                java.util.Map<String, String> shown = new java.util.LinkedHashMap<>(reply.fields());
                shown.remove("keys");
                session = new Session(new VmReply(reply.kind(), reply.code(), shown, reply.text()), tls.getInputStream(), tls.getOutputStream(), s, tls, hypervisor);
            } else {
                session = new Session(reply, s.getInputStream(), out, s, null, hypervisor);
            }
            ok = true;
            return session;
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
            if (!ok) {
                s.close();
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(256);
        while (true) {
            int c = in.read();
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
            }
            if (c == '\n') {
                return b.toString(StandardCharsets.UTF_8);
            }
            if (c != '\r') {
                if (b.size() >= VmReply.MAX_LINE) {
                    throw new IOException("s_hypervisor sent a line longer than " + VmReply.MAX_LINE + " bytes");
                }
                b.write(c);
            }
        }
    }
}
