package org.secfunet.eap.sm;

/** RFC 4137 §4.1.3 decision (peer). */
public enum PeerDecision { FAIL, COND_SUCC, UNCOND_SUCC }
