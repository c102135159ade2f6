package org.secfunet.eap.sm;

/** RFC 4137 §5.1.3 methodState (authenticator). */
public enum AuthMethodState { NONE, PROPOSED, CONTINUE, END }
