package org.secfunet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.secfunet.grid.hypervisor.VmRequest;
import org.secfunet.service.HostPort;
import org.secfunet.grid.net.PemTls;
import org.secfunet.grid.vm.VmClient;
import org.secfunet.grid.vm.VmFailover;
import org.secfunet.grid.vm.VmRefusedException;
import org.secfunet.tls.Pump;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `secfunet s_vm`: the VM side of s_hypervisor, like s_client: stdin to the server, the server to stdout. */
@Command(name = "s_vm", mixinStandardHelpOptions = true,
        description = {"Ask s_hypervisor for a TLS connection authenticated by this VM's card, then copy stdin/stdout over it.",
                "mode tunnel: the hypervisor carries the records; mode handoff: this process gets the keys and carries them."})
final class SVmCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    DebugOption debug;

    @Option(names = "-hypervisor", required = true, split = ",", paramLabel = "HOST:PORT",
            description = {"The s_hypervisor to ask; several (repeated or comma-separated) are tried in order:",
                    "the next one when one is down or busy, until one serves or -timeout runs out."})
    List<String> hypervisors;
    @Option(names = "-timeout", defaultValue = "60000", paramLabel = "MS", description = "Total time for the request, over every hypervisor (default ${DEFAULT-VALUE}).")
    long timeoutMillis;
    @Option(names = "-connect", required = true, paramLabel = "HOST:PORT", description = "The TLS server.")
    String connect;
    @Option(names = "-mode", defaultValue = "handoff", paramLabel = "MODE", description = "tunnel or handoff (default ${DEFAULT-VALUE}).")
    String mode;
    @Option(names = "-cert", required = true, paramLabel = "PEM", description = "This VM's certificate (its CN is the VM's name).")
    Path cert;
    @Option(names = "-key", required = true, paramLabel = "PEM", description = "This VM's private key.")
    Path key;
    @Option(names = "-CAfile", required = true, paramLabel = "PEM", description = "The CA of the hypervisor's certificate.")
    Path caFile;
    @Option(names = "-card", paramLabel = "ID", description = "One of this VM's cards (default: any free one).")
    String card;
    @Option(names = "-servername", paramLabel = "HOST", description = "SNI host name.")
    String servername;
    @Mixin
    TlsVersionOptions versions;
    @Option(names = "-pass", paramLabel = "SPEC", description = "Card PIN to present (pass:…, env:…, file:…, stdin); default: the operator's PIN in the hypervisor.")
    String pass;
    @Option(names = "-quiet", description = "No session summary.")
    boolean quiet;

    @Override
    public void run() {
        String version = versions.only();
        String line = "CONNECT " + UserInput.parse(() -> HostPort.parse(connect, "-connect")) + " mode=" + mode + (card == null ? "" : " card=" + card)
                + (servername == null ? "" : " sni=" + servername) + (version == null ? "" : " tls=" + version);
        VmRequest req;
        try {
            req = VmRequest.parse(line);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), Errors.USAGE);
        }
        if (timeoutMillis < 1 || timeoutMillis > 600_000) {
            throw new UserException("-timeout " + timeoutMillis + " is outside 1..600000 ms", Errors.USAGE);
        }
        List<HostPort> addresses = new ArrayList<>();
        for (String h : hypervisors) {
            addresses.add(UserInput.parse(() -> HostPort.parse(h.strip(), "-hypervisor")));
        }
        SSLContext ctx;
        try {
            ctx = PemTls.context(key, cert, caFile);
        } catch (IOException | GeneralSecurityException e) {
            throw new UserException("VM credentials: " + e.getMessage(), Errors.USAGE);
        }
        char[] pin = pass == null ? null : SecretSource.read(pass, "-pass", "Card PIN: ");
        PrintWriter err = spec.commandLine().getErr();
        try (VmClient.Session s = new VmFailover(addresses).connect(ctx, req, pin, timeoutMillis)) {
            if (!quiet) {
                err.println("CONNECTED(" + req.target() + ") through s_hypervisor " + s.hypervisor() + ", card " + s.card() + ", mode " + mode);
                err.println("Protocol: " + s.version() + ", Cipher: " + s.cipher());
                err.println("Server certificate subject: " + s.serverSubject());
                err.println("---");
                err.flush();
            }
            long[] n = s.tls() != null ? Pump.run(s.tls(), System.in, System.out, 5_000) : RawPump.run(s, System.in, System.out);
            if (!quiet) {
                err.println("DONE: wrote " + n[0] + " bytes, read " + n[1] + " bytes");
            }
        } catch (VmRefusedException e) {
            throw new UserException(e.getMessage(), e.busy() ? 75 : Errors.FAILURE);
        } catch (IOException e) {
            throw new UserException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while waiting for a free s_hypervisor");
        }
    }
}
