package org.secfunet.apdu;

/** The card's answers broke an ISO 7816-4 rule (endless GET RESPONSE, oversize total, bad chain reply...). */
public class ProtocolException extends TransportException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
