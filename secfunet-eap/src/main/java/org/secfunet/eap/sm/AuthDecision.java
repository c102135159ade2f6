package org.secfunet.eap.sm;

/** RFC 4137 §5.1.3 / §7 decision (authenticator policy). */
public enum AuthDecision { SUCCESS, FAILURE, CONTINUE, PASSTHROUGH }
