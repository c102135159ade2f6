package org.secfunet.card.eaptls;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The persistent memory of an EAP-TLS card: credentials, identities and PIN state. Serialized as
 * JSON, then encrypted (see {@link EapCardStore}). Never printed.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class EapCardImage {
    /** One PIN (user PIN or unblock PIN): salted hash, tries. */
    public static final class Pin {
        @JsonProperty("salt")
        public String salt;
        @JsonProperty("hash")
        public String hash;
        @JsonProperty("max-tries")
        public int maxTries;
        @JsonProperty("tries-left")
        public int triesLeft;
        @JsonProperty("enabled")
        public boolean enabled = true;

        Pin copy() {
            Pin p = new Pin();
            p.salt = salt;
            p.hash = hash;
            p.maxTries = maxTries;
            p.triesLeft = triesLeft;
            p.enabled = enabled;
            return p;
        }
    }

    /** An identity (draft §4): a label the host selects, the EAP-ID sent, the method and the card's role. */
    public static final class Identity {
        @JsonProperty("label")
        public String label;
        @JsonProperty("eap-id")
        public String eapId;
        @JsonProperty("method")
        public int method = 13;
        /** "peer" (the card is the EAP-TLS client) or "server" (the card is the EAP-TLS server). */
        @JsonProperty("role")
        public String role = "peer";

        Identity copy() {
            Identity i = new Identity();
            i.label = label;
            i.eapId = eapId;
            i.method = method;
            i.role = role;
            return i;
        }
    }

    @JsonProperty("format")
    public int format = 1;
    @JsonProperty("label")
    public String label = "secfunet EAP-TLS card";
    @JsonProperty("atr")
    public String atr = "3B8501807300004037";
    @JsonProperty("serial")
    public String serial;
    @JsonProperty("user-pin")
    public Pin userPin;
    @JsonProperty("puk")
    public Pin puk;
    @JsonProperty("ca-certs")
    public List<String> caCerts = new ArrayList<>();
    @JsonProperty("chain")
    public List<String> chain = new ArrayList<>();
    @JsonProperty("private-key")
    public String privateKey;
    @JsonProperty("public-key")
    public String publicKey;
    @JsonProperty("identities")
    public List<Identity> identities = new ArrayList<>();
    @JsonProperty("preferred")
    public String preferred;
    @JsonProperty("tls-versions")
    public List<String> tlsVersions = new ArrayList<>(List.of("1.2", "1.3"));

    public EapCardImage copy() {
        EapCardImage c = new EapCardImage();
        c.format = format;
        c.label = label;
        c.atr = atr;
        c.serial = serial;
        c.userPin = userPin == null ? null : userPin.copy();
        c.puk = puk == null ? null : puk.copy();
        c.caCerts = new ArrayList<>(caCerts);
        c.chain = new ArrayList<>(chain);
        c.privateKey = privateKey;
        c.publicKey = publicKey;
        c.identities = new ArrayList<>(identities.stream().map(Identity::copy).toList());
        c.preferred = preferred;
        c.tlsVersions = new ArrayList<>(tlsVersions);
        return c;
    }

    @Override
    public String toString() {
        return "EapCardImage[" + label + ", " + identities.size() + " identities]";
    }
}
