package org.secfunet.pcsc.eapcard;

/**
 * How a card driver encodes long commands and answers.
 * <ul>
 * <li>{@link #AUTO} (the default): extended APDUs when the session carries them
 * ({@link org.secfunet.pcsc.CardSession#maxCommandData()} above 255) and the card's ATR does not
 * say it refuses them; a card that answers 6700 or 6D00 to an extended command gets that command
 * again as short APDUs, and the session stays short.</li>
 * <li>{@link #SHORT}: short APDUs only (More-bit parts of 240 bytes, FETCH), as the draft's traces.</li>
 * <li>{@link #EXTENDED}: extended APDUs whatever the session reports, no fallback.</li>
 * </ul>
 */
public enum ApduMode {
    AUTO, SHORT, EXTENDED
}
