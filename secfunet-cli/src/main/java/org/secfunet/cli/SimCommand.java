package org.secfunet.cli;

import java.io.PrintWriter;
import java.util.HexFormat;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.sim.SimCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `secfunet sim info|gsm-auth|umts-auth|change-pin|disable-pin|enable-pin|unblock -r READER`: the SDK's SIM/USIM wrapper from the command line. */
@Command(name = "sim", mixinStandardHelpOptions = true, description = "GSM SIM / 3GPP USIM cards: identity, authentication, PIN management.",
        subcommands = {SimCommand.Info.class, SimCommand.GsmAuth.class, SimCommand.UmtsAuth.class, SimPinCommands.ChangePin.class,
            SimPinCommands.DisablePin.class, SimPinCommands.EnablePin.class, SimPinCommands.Unblock.class})
final class SimCommand extends SubcommandGroup {
    /** Reader, trace and PIN options of every sim subcommand. */
    static final class Access {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;
        @Mixin
        ReaderOption reader;
        @Option(names = "-pass", paramLabel = "SPEC", description = "PIN: pass:…, env:…, file:…, stdin, pinpad (typed on the reader's pinpad: the PIN "
                + "never passes the host) or auto (the pinpad when the reader has one, else prompted; the default).")
        String pass;
        @Mixin
        DiagnosticOptions diagnostics;

        interface Work {
            void run(SimCard card, PrintWriter out);
        }

        void with(boolean pin, Work work) {
            PrintWriter out = spec.commandLine().getOut();
            CardPin p = pin ? CardPin.of(pass, "-pass", "SIM PIN: ") : null;
            try (Tracer tracer = diagnostics.openTrace(); CardSession session = reader.connect(ConnectOptions.DEFAULT);
                 SimCard card = new SimCard(session, tracer)) { // the session is closed even when it holds no SIM
                if (p != null) {
                    try (p) {
                        p.present(card.readerName(), card::hasPinPad, card::verifyPinOnPinPad, card::verifyPin, err());
                    }
                }
                work.run(card, out);
            } catch (java.io.IOException e) {
                throw new UserException(e.getMessage());
            }
            out.flush();
        }

        /** The command's standard error (the line asking for the PIN on the pinpad). */
        PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    static byte[] hex(String s, int len, String option) {
        try {
            byte[] b = HexFormat.of().parseHex(s.replace(" ", ""));
            if (b.length == len) {
                return b;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new UserException(option + " must be " + len + " bytes of hex", Errors.USAGE);
    }

    /** What both authentications take: the card, with its PIN verified, and {@code --rand HEX}, the 16-byte RAND. */
    static final class Authentication {
        @Mixin
        Access access;
        @Option(names = "--rand", required = true, paramLabel = "HEX", description = "16-byte RAND.")
        String rand;

        byte[] rand() {
            return hex(rand, 16, "--rand");
        }

        void with(Access.Work work) {
            access.with(true, work);
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Card type, USIM AID, IMSI, MNC length, PIN tries.")
    static final class Info implements Runnable {
        @Mixin
        Access access;

        @Override
        public void run() {
            access.with(access.pass != null, (card, out) -> {
                out.println("type: " + card.kind() + (card.aid() != null ? ", AID " + HexFormat.of().formatHex(card.aid()).toUpperCase() : ""));
                int tries = card.pinTriesLeft();
                if (tries >= 0) {
                    out.println("PIN tries left: " + tries);
                }
                int pukTries = card.pukTriesLeft();
                if (pukTries >= 0) {
                    out.println("PUK tries left: " + pukTries);
                }
                if (access.pass != null || tries < 0) {
                    out.println("IMSI: " + card.imsi());
                    out.println("MNC length: " + card.mncLength());
                } else {
                    out.println("IMSI: (give -pass to read it)");
                }
            });
        }
    }

    @Command(name = "gsm-auth", mixinStandardHelpOptions = true, description = "RUN GSM ALGORITHM: RAND -> SRES, Kc.")
    static final class GsmAuth implements Runnable {
        @Mixin
        Authentication auth;

        @Override
        public void run() {
            byte[] r = auth.rand();
            auth.with((card, out) -> {
                SimCard.GsmResult g = card.gsmAuth(r);
                out.println("SRES: " + HexFormat.of().formatHex(g.sres()));
                out.println("Kc: " + HexFormat.of().formatHex(g.kc()));
            });
        }
    }

    @Command(name = "umts-auth", mixinStandardHelpOptions = true, description = "UMTS AUTHENTICATE: RAND, AUTN -> RES, CK, IK (or AUTS).")
    static final class UmtsAuth implements Runnable {
        @Mixin
        Authentication auth;
        @Option(names = "--autn", required = true, paramLabel = "HEX", description = "16-byte AUTN.")
        String autn;

        @Override
        public void run() {
            byte[] r = auth.rand();
            byte[] a = hex(autn, 16, "--autn");
            auth.with((card, out) -> {
                switch (card.umtsAuth(r, a)) {
                    case SimCard.Success s -> {
                        out.println("RES: " + HexFormat.of().formatHex(s.res()));
                        out.println("CK: " + HexFormat.of().formatHex(s.ck()));
                        out.println("IK: " + HexFormat.of().formatHex(s.ik()));
                        if (s.kc() != null) {
                            out.println("Kc: " + HexFormat.of().formatHex(s.kc()));
                        }
                    }
                    case SimCard.SyncFailure f -> out.println("synchronisation failure, AUTS: " + HexFormat.of().formatHex(f.auts()));
                }
            });
        }
    }
}
