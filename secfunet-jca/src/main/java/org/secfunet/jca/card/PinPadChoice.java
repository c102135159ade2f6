package org.secfunet.jca.card;

/**
 * Whether the provider has the card's PIN typed on the reader's pinpad (PC/SC part 10
 * FEATURE_VERIFY_PIN_DIRECT: no PIN byte passes the host), the {@code pin=} setting's
 * {@code pinpad} and {@code auto} (docs/jca.md, "PIN policy").
 */
public enum PinPadChoice {
    /** The PIN comes from the application or the {@code pin=} secret source, never from the pinpad. */
    NEVER,
    /** {@code pin=pinpad}: every verification is typed on the reader's pinpad; a reader without one is an error. */
    PINPAD,
    /**
     * {@code pin=auto}: the pinpad when the reader has one, else the PIN the application gives
     * ({@code KeyStore.load}, {@code javax.net.ssl.keyStorePassword}, a callback handler).
     */
    AUTO
}
