package org.secfunet.card.eaptls;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.secfunet.card.store.PinCounter;
import org.secfunet.card.store.PinImage;

/**
 * The persistent memory of an EAP-TLS card: credentials, identities, the user PIN and the unblock
 * PIN (PUK). Serialized as
 * JSON, then encrypted (see {@link EapCardStore}). Never printed.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class EapCardImage implements PinImage {
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
    public PinCounter userPin;
    @JsonProperty("puk")
    public PinCounter puk;
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

    @Override
    public PinCounter pin() {
        return userPin;
    }

    @Override
    public PinCounter puk() {
        return puk;
    }

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
