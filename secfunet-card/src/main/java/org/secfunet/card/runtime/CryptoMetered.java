package org.secfunet.card.runtime;

import org.secfunet.eap.tls.engine.CryptoMeter;

/**
 * An applet whose TLS engine can count its public-key operations for the real-card latency model
 * ({@link ModelledCard} installs the meter). Without a meter the applet runs unmetered.
 */
public interface CryptoMetered {
    /** Counts the public-key operations of the TLS handshakes started from now on in {@code meter} (null: stop counting). */
    void meterCrypto(CryptoMeter meter);
}
