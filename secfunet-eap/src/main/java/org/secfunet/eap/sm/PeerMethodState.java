package org.secfunet.eap.sm;

/** RFC 4137 §4.1.3 methodState (peer). */
public enum PeerMethodState { NONE, INIT, CONT, MAY_CONT, DONE }
