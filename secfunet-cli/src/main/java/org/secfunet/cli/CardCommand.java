package org.secfunet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.card.personalize.CardPersonalizer;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `secfunet card …`: make and personalize EAP-TLS cards, software (vcard:) or in pcscd alike. */
@Command(name = "card", mixinStandardHelpOptions = true, description = "Create and personalize EAP-TLS cards (see docs/eap-card.md).",
        subcommands = {CardCommand.Init.class, CardCommand.Import.class, CardCommand.Keygen.class, CardCommand.Csr.class,
                CardCommand.Ca.class, CardCommand.SetIdentity.class, CardCommand.Show.class, CardCommand.Pin.class})
final class CardCommand extends SubcommandGroup {
    /** Reader and trace options of every command that talks to a card. */
    static final class Access {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;
        @Mixin
        ReaderOption reader;
        @Mixin
        DiagnosticOptions diagnostics;

        EapSmartcard open(Tracer tracer) {
            EapSmartcard card = new EapSmartcard(reader.connect(ConnectOptions.DEFAULT), tracer);
            try {
                card.select();
            } catch (RuntimeException e) {
                card.close(); // not a card this command can work on: release it
                throw e;
            }
            return card;
        }

        /** Work on the selected card, with the trace as asked; failures become one-line errors. */
        interface CardWork {
            void run(EapSmartcard card) throws Exception;
        }

        void with(CardWork work) {
            Tracer t;
            try {
                t = diagnostics.openTrace();
            } catch (IOException e) {
                throw new UserException("cannot open the trace destination: " + e.getMessage());
            }
            try (t; EapSmartcard card = open(t)) {
                work.run(card);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new UserException(Errors.message(e));
            }
        }

        /** The command's standard output. */
        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** The command's standard error (the line asking for the PIN on the pinpad). */
        PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    /** {@code --puk SPEC} (or {@code -pass}): the issuer's authentication that personalization needs. */
    static final class IssuerPin {
        @Option(names = {"--puk", "-pass"}, paramLabel = "SPEC", description = "Unblock PIN (issuer authentication).")
        String source;

        /** The unblock PIN, from its source or prompted, verified by the card. */
        void verify(EapSmartcard card) {
            char[] k = secret(source, "--puk", "Unblock PIN (PUK): ");
            try {
                card.verifyPuk(k);
            } finally {
                Arrays.fill(k, '\0');
            }
        }
    }

    static char[] secret(String spec, String option, String prompt) {
        return SecretSource.read(spec, option, prompt);
    }

    @Command(name = "init", mixinStandardHelpOptions = true, description = "Create a new, empty software EAP-TLS card.")
    static final class Init implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        DebugOption debug;
        @Option(names = "--store", required = true, paramLabel = "FILE", description = "Card store to create (FILE.key is made beside it).")
        Path store;
        @Option(names = "--label", defaultValue = "secfunet EAP-TLS card", description = "Card label.")
        String label;
        @Option(names = "--pin", paramLabel = "SPEC", description = "User PIN (4-8 characters): pass:…, env:…, file:…, stdin; prompted when absent.")
        String pin;
        @Option(names = "--puk", paramLabel = "SPEC", description = "Unblock PIN / issuer PIN (4-8 characters).")
        String puk;

        @Override
        public void run() {
            char[] p = secret(pin, "--pin", "New card PIN: ");
            char[] k = secret(puk, "--puk", "New unblock PIN (PUK): ");
            try {
                EapCards.init(store, label, p, k);
            } finally {
                Arrays.fill(p, '\0');
                Arrays.fill(k, '\0');
            }
            spec.commandLine().getOut().println("created " + store + " (key file " + store.getFileName() + ".key); serve it with: secfunet vcard --store " + store);
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Load a private key and its certificate chain into the card.")
    static final class Import implements Runnable {
        @Mixin
        Access access;
        @Option(names = "--p12", paramLabel = "FILE", description = "PKCS#12 file with key and chain.")
        Path p12;
        @Option(names = "--p12-pass", paramLabel = "SPEC", description = "Password of the PKCS#12 file.")
        String p12Pass;
        @Option(names = "--key", paramLabel = "FILE", description = "PEM private key (with --cert).")
        Path key;
        @Option(names = "--cert", paramLabel = "FILE", description = "PEM certificate chain, leaf first (with --key).")
        Path cert;
        @Mixin
        IssuerPin puk;

        @Override
        public void run() {
            if ((p12 == null) == (key == null || cert == null)) {
                throw new UserException("give either --p12 FILE or both --key FILE and --cert FILE", Errors.USAGE);
            }
            access.with(card -> {
                puk.verify(card);
                if (p12 != null) {
                    char[] pw = p12Pass == null ? secret(null, "--p12-pass", "PKCS#12 password: ") : secret(p12Pass, "--p12-pass", "PKCS#12 password: ");
                    CardPersonalizer.importPkcs12(card, p12, pw);
                    Arrays.fill(pw, '\0');
                } else {
                    CardPersonalizer.importPem(card, key, cert);
                }
                access.out().println("imported; card certificate: " + CardPersonalizer.describe(card.certificates(false).get(0)));
            });
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true, description = "Make a new key pair inside the card (the old key and chain are replaced).")
    static final class Keygen implements Runnable {
        @Mixin
        Access access;
        @Option(names = "--type", defaultValue = "ec-p256", description = "ec-p256, ec-p384, rsa-2048, rsa-3072 or rsa-4096 (default ${DEFAULT-VALUE}).")
        String type;
        @Mixin
        IssuerPin puk;

        @Override
        public void run() {
            EapSmartcard.KeyType kt;
            try {
                kt = EapSmartcard.KeyType.valueOf(type.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new UserException("unknown key type '" + type + "' (ec-p256, ec-p384, rsa-2048, rsa-3072, rsa-4096)", Errors.USAGE);
            }
            access.with(card -> {
                puk.verify(card);
                byte[] spki = card.generateKey(kt);
                PrintWriter out = access.out();
                out.println("generated " + type + " key inside the card; public key:");
                out.println("-----BEGIN PUBLIC KEY-----");
                out.println(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki));
                out.println("-----END PUBLIC KEY-----");
                out.println("next: secfunet card csr -r " + access.reader.reader + " --subject CN=… and import the issued certificate");
            });
        }
    }

    @Command(name = "csr", mixinStandardHelpOptions = true, description = "Make a PKCS#10 request for the card's key, signed inside the card.")
    static final class Csr implements Runnable {
        @Mixin
        Access access;
        @Option(names = "--subject", required = true, description = "Subject DN, e.g. CN=card@example.org.")
        String subject;
        @Option(names = "--pin", paramLabel = "SPEC", description = "User PIN: pass:…, env:…, file:…, stdin, pinpad (typed on the reader's pinpad: "
                + "the PIN never passes the host) or auto (the pinpad when the reader has one, else prompted; the default).")
        String pin;
        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the request here (default: standard output).")
        Path out;

        @Override
        public void run() {
            CardPin p = CardPin.of(pin, "--pin", "Card PIN: ");
            access.with(card -> {
                try (p) {
                    p.present(card.session().readerName(), card::hasPinPad, card::verifyPinOnPinPad, card::verifyPin, access.err());
                }
                String pem;
                    try {
                        pem = CardPersonalizer.certificateRequest(card, subject);
                    } catch (IllegalArgumentException e) {
                        throw new UserException("bad subject '" + subject + "': " + e.getMessage(), Errors.USAGE);
                    }
                if (out == null) {
                    access.out().print(pem);
                } else {
                    Files.writeString(out, pem);
                    access.out().println("wrote " + out);
                }
            });
        }
    }

    @Command(name = "ca", mixinStandardHelpOptions = true, description = "Trusted CA certificates of the card.", subcommands = Ca.Add.class)
    static final class Ca extends SubcommandGroup {
        @Command(name = "add", mixinStandardHelpOptions = true, description = "Add CA certificate(s) (PEM or DER) to the card's trust set.")
        static final class Add implements Runnable {
            @Mixin
            Access access;
            @Option(names = "--cert", required = true, paramLabel = "FILE", description = "CA certificate file.")
            Path cert;
            @Mixin
            IssuerPin puk;

            @Override
            public void run() {
                access.with(card -> {
                    List<byte[]> certs;
                    try {
                        certs = CardPersonalizer.certificates(cert);
                    } catch (IOException | GeneralSecurityException e) {
                        throw new UserException("cannot read " + cert + ": " + Errors.message(e));
                    }
                    if (certs.isEmpty()) {
                        throw new UserException(cert + " holds no certificate");
                    }
                    puk.verify(card);
                    for (byte[] c : certs) {
                        card.addCa(c);
                        access.out().println("trusted: " + CardPersonalizer.describe(c));
                    }
                });
            }
        }
    }

    @Command(name = "set-identity", mixinStandardHelpOptions = true, description = "Add (or replace) an identity and make it the preferred one.")
    static final class SetIdentity implements Runnable {
        @Mixin
        Access access;
        @Option(names = "--label", required = true, description = "The label the host selects (Set-Identity).")
        String label;
        @Option(names = "--eap-id", required = true, description = "The EAP identity sent in Response/Identity.")
        String eapId;
        @Option(names = "--role", defaultValue = "peer", description = "peer (the card authenticates itself) or server (default ${DEFAULT-VALUE}).")
        String role;
        @Mixin
        IssuerPin puk;

        @Override
        public void run() {
            if (!role.equals("peer") && !role.equals("server")) {
                throw new UserException("--role must be peer or server", Errors.USAGE);
            }
            access.with(card -> {
                puk.verify(card);
                card.addIdentity(label, eapId, role, true);
                access.out().println("identity '" + label + "' (" + eapId + ", " + role + ") set as preferred");
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Identities, certificates and PIN tries left (never secrets).")
    static final class Show implements Runnable {
        @Mixin
        Access access;

        @Override
        public void run() {
            PrintWriter out = access.out();
            access.with(card -> {
                out.println("card serial: " + Hex.encode(card.serial()));
                int tries = card.pinTriesLeft();
                out.println("PIN: " + (tries == 0 ? "BLOCKED (unblock with: secfunet card pin unblock)" : tries < 0 ? "verified or disabled" : tries + " tries left"));
                List<String> ids = card.identities();
                out.println("identities: " + (ids.isEmpty() ? "none" : String.join(", ", ids)));
                if (!ids.isEmpty()) {
                    out.println("preferred: " + card.preferredIdentity());
                }
                List<byte[]> chain = card.certificates(false);
                out.println("certificate chain: " + (chain.isEmpty() ? "none" : ""));
                chain.forEach(c -> out.println("  " + CardPersonalizer.describe(c)));
                List<byte[]> cas = card.certificates(true);
                out.println("trusted CAs: " + (cas.isEmpty() ? "none" : ""));
                cas.forEach(c -> out.println("  " + CardPersonalizer.describe(c)));
            });
        }
    }

    @Command(name = "pin", mixinStandardHelpOptions = true, description = "Change or unblock the PIN.", subcommands = {Pin.Change.class, Pin.Unblock.class})
    static final class Pin extends SubcommandGroup {
        @Command(name = "change", mixinStandardHelpOptions = true, description = "Change the user PIN (or, with --puk-change, the unblock PIN).")
        static final class Change implements Runnable {
            @Mixin
            Access access;
            @Option(names = "--old", paramLabel = "SPEC", description = "Current PIN: pass:…, env:…, file:…, stdin, pinpad (the reader's pinpad asks the "
                    + "current and the new PIN: neither passes the host; --new then absent or pinpad too) or auto (the pinpad when the reader can change "
                    + "a PIN on it, else prompted; the default). With --puk-change: typed forms only.")
            String old;
            @Option(names = "--new", paramLabel = "SPEC", description = "New PIN (4-8 characters): pass:…, env:…, file:…, stdin, or pinpad / auto as --old.")
            String fresh;
            @Option(names = "--puk-change", description = "Change the unblock PIN instead.")
            boolean pukChange;

            @Override
            public void run() {
                if (pukChange) {
                    for (String[] o : new String[][] {{old, "--old"}, {fresh, "--new"}}) {
                        if (CardPin.PINPAD.equals(o[0]) || CardPin.AUTO.equals(o[0])) {
                            throw new UserException("--puk-change takes the unblock PINs typed: give " + o[1] + " " + SecretSource.FORMS
                                    + " (or omit it to be prompted)", Errors.USAGE);
                        }
                    }
                    access.with(card -> {
                        char[] o = secret(old, "--old", "Current PIN: ");
                        char[] n = secret(fresh, "--new", "New PIN: ");
                        card.changePuk(o, n);
                        access.out().println("unblock PIN changed");
                    });
                    return;
                }
                CardPinChange change = CardPinChange.of(old, "--old", "Current PIN: ", fresh, "--new", "New PIN: ");
                access.with(card -> {
                    try (change) {
                        change.present(card.session().readerName(), card::hasPinPadForChange, card::changePinOnPinPad, card::changePin, access.err());
                    }
                    access.out().println("PIN changed");
                });
            }
        }

        @Command(name = "unblock", mixinStandardHelpOptions = true, description = "Set a new user PIN with the unblock PIN; the tries are reset.")
        static final class Unblock implements Runnable {
            @Mixin
            Access access;
            @Option(names = "--puk", paramLabel = "SPEC", description = "Unblock PIN.")
            String puk;
            @Option(names = "--new", paramLabel = "SPEC", description = "New user PIN.")
            String fresh;

            @Override
            public void run() {
                access.with(card -> {
                    char[] k = secret(puk, "--puk", "Unblock PIN (PUK): ");
                    char[] n = secret(fresh, "--new", "New PIN: ");
                    card.unblockPin(k, n);
                    access.out().println("PIN unblocked and set");
                });
            }
        }
    }
}
