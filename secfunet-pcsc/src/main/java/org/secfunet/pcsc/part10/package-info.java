/**
 * PC/SC v2 part 10 reader features as our own codec, with no I/O: the answer of
 * {@code CM_IOCTL_GET_FEATURE_REQUEST} ({@link ReaderFeatures}, tags in {@link FeatureTag}) and of
 * {@code FEATURE_GET_TLV_PROPERTIES} ({@link TlvProperties}, tags in {@link TlvProperty}). Every
 * parser is capped and refuses malformed bytes with {@link Part10FormatException}.
 */
package org.secfunet.pcsc.part10;
