package org.secfunet.pcsc;

/** How a connection shares the card with other applications. */
public enum ShareMode {
    /** other applications may use the card between our exchanges. */
    SHARED,
    /** nobody else may use the card until we disconnect. */
    EXCLUSIVE
}
