package org.secfunet.jca.keystore;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.secfunet.jca.card.CardBank;
import org.secfunet.jca.card.CardProblem;
import org.secfunet.jca.card.PinSource;
import org.secfunet.pcsc.eapcard.EapCardException;

/**
 * Reads the identities and chains of every card of a bank (public data) and names the key store
 * entries: one alias per label, {@code label@reader} when cards disagree on a label's certificate,
 * one entry over several readers when their cards are clones (same label, same certificate).
 */
final class CardDirectory {
    /** What one card showed: its identities (preferred first) and its chain in DER. */
    private record View(List<String> labels, List<byte[]> chain) {
    }

    private CardDirectory() {
    }

    /**
     * The entries of every card that answers; with {@code pins} other than {@link PinSource#NONE} the
     * PIN is verified on each card as it is read.
     *
     * @throws CardProblem a PIN problem at once; a card problem when no card at all could be read
     */
    static List<CardIdentity> read(CardBank bank, PinSource pins) throws CertificateException {
        Map<String, List<CardIdentity>> byLabel = new LinkedHashMap<>();
        CardProblem first = null;
        int read = 0;
        for (String reader : bank.readers()) {
            View v;
            try {
                v = bank.withCard(reader, pins, card -> {
                    List<String> labels = new ArrayList<>(card.identities());
                    try {
                        String preferred = card.preferredIdentity();
                        if (labels.remove(preferred)) {
                            labels.add(0, preferred);
                        }
                    } catch (EapCardException e) {
                        // no preferred identity: keep the card's order
                    }
                    return new View(labels, card.certificates(false));
                });
            } catch (CardProblem e) {
                switch (e.reason()) {
                    case WRONG_PIN, PIN_BLOCKED, NO_PIN, OTHER_CARD -> throw e;
                    default -> {
                        if (first == null) {
                            first = e;
                        }
                        continue;
                    }
                }
            }
            read++;
            if (v.chain().isEmpty()) {
                continue; // a card without a key and certificate has nothing to sign with
            }
            List<X509Certificate> chain = parse(v.chain(), reader);
            for (String label : v.labels()) {
                byLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(new CardIdentity(label, label, List.of(reader), chain));
            }
        }
        if (read == 0 && first != null) {
            throw first;
        }
        return name(byLabel);
    }

    /** Merges clones (same certificate) and makes the aliases of differing cards unique. */
    private static List<CardIdentity> name(Map<String, List<CardIdentity>> byLabel) {
        List<CardIdentity> out = new ArrayList<>();
        for (Map.Entry<String, List<CardIdentity>> e : byLabel.entrySet()) {
            Map<X509Certificate, List<CardIdentity>> byCert = new LinkedHashMap<>();
            for (CardIdentity id : e.getValue()) {
                byCert.computeIfAbsent(id.leaf(), c -> new ArrayList<>()).add(id);
            }
            boolean unique = byCert.size() == 1;
            for (List<CardIdentity> same : byCert.values()) {
                List<String> readers = same.stream().flatMap(i -> i.readers().stream()).toList();
                String alias = unique ? e.getKey() : e.getKey() + "@" + readers.get(0);
                out.add(new CardIdentity(alias, e.getKey(), readers, same.get(0).chain()));
            }
        }
        return out;
    }

    private static List<X509Certificate> parse(List<byte[]> der, String reader) throws CertificateException {
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] d : der) {
            try {
                out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(d)));
            } catch (CertificateException e) {
                throw new CertificateException("the card in reader " + reader + " holds a certificate that does not parse: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
