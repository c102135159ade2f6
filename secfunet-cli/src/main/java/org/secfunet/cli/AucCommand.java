package org.secfunet.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.secfunet.radius.aka.AuthCentre;
import org.secfunet.radius.aka.HlrAucGateway;
import org.secfunet.radius.aka.Subscribers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `secfunet auc`: the authentication centre for hostapd's EAP-SIM/EAP-AKA server (its hlr_auc_gw interface). */
@Command(name = "auc", mixinStandardHelpOptions = true,
        description = {"Authentication centre (Milenage) on hostapd's hlr_auc_gw UNIX socket: GSM triplets, UMTS vectors, SQN re-synchronisation.",
                "hostapd: eap_sim_db=unix:SOCKET. Prints one \"ready\" line; runs until stopped. See docs/sim.md."})
final class AucCommand implements Runnable {
    @Mixin
    ServiceOptions service;

    @Option(names = "--subscribers", required = true, paramLabel = "FILE", description = "Subscribers (TOML: imsi, k, opc or op, amf, sqn); the SQNs are kept in it.")
    Path subscribers;
    @Option(names = "--socket", required = true, paramLabel = "PATH", description = "The UNIX datagram socket to listen on.")
    Path socket;

    @Override
    public void run() {
        try (Subscribers subs = UserInput.parse(() -> Subscribers.open(subscribers));
             HlrAucGateway gw = HlrAucGateway.start(new AuthCentre(subs, new SecureRandom()), socket)) {
            service.readyUntilStopped("ready: authentication centre on " + gw.path());
        } catch (IOException e) {
            throw new UserException(e.getMessage());
        }
        service.say("stopped");
    }
}
