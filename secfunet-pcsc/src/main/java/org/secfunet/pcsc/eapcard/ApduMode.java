package org.secfunet.pcsc.eapcard;

/**
 * How a card driver encodes long commands and answers.
 * <ul>
 * <li>{@link #AUTO} (the default), never when the card's ATR says it refuses extended Lc/Le
 * (ISO/IEC 7816-4 §8.1.1.2.7):
 * <ul>
 * <li>the session knows its limit ({@link org.secfunet.pcsc.CardSession#maxCommandDataKnown()}):
 * extended APDUs when {@link org.secfunet.pcsc.CardSession#maxCommandData()} is above 255 (in
 * process, RACS, a PC/SC reader whose part 10 {@code dwMaxAPDUDataSize} says so), short ones
 * otherwise (a reader that says short, every T=0 connection);</li>
 * <li>the session does not know it (a PC/SC T=1 reader that answers no part 10 feature request):
 * the applet SELECT, sent first anyway and idempotent, goes in extended form (ISO/IEC 7816-4 §5.1
 * allows extended Lc/Le for any length). 9000 and the session goes extended, at no extra APDU;
 * a transport failure (a "removed" card too: a card really gone fails the short SELECT as well), 6700, 6D00 or any other answer and the SELECT goes
 * again as a short APDU, and the session stays short. Until that SELECT, commands are short; no
 * other command is ever sent again after a transport failure;</li>
 * <li>either way, a card that answers 6700 or 6D00 to a later extended command gets that command
 * again as short APDUs, and the session stays short.</li>
 * </ul></li>
 * <li>{@link #SHORT}: short APDUs only (More-bit parts of 240 bytes, FETCH), as the draft's traces.</li>
 * <li>{@link #EXTENDED}: extended APDUs whatever the session reports, no fallback, no probe.</li>
 * </ul>
 */
public enum ApduMode {
    AUTO, SHORT, EXTENDED
}
