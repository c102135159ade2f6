/**
 * PC/SC v2 part 10 reader features as our own codec, with no I/O: the answer of
 * {@code CM_IOCTL_GET_FEATURE_REQUEST} ({@link ReaderFeatures}, tags in {@link FeatureTag}), of
 * {@code FEATURE_GET_TLV_PROPERTIES} ({@link TlvProperties}, tags in {@link TlvProperty}) and of
 * {@code FEATURE_IFD_PIN_PROPERTIES} ({@link PinProperties}); the secure PIN entry structures
 * ({@link PinVerifyStructure}, {@link PinModifyStructure}, with {@link PinEntry} and
 * {@link PinBlockFormat}) and the outcomes of their answers ({@link PinEntryOutcome}). Every parser
 * is capped and refuses malformed bytes with {@link Part10FormatException}. Two classes talk to a
 * reader, only through the {@link ApduSizeDiscovery.Control} they are given:
 * {@link ApduSizeDiscovery} and {@link PinPad}. Nothing here uses {@code org.secfunet.pcsc}
 * (which uses this package).
 */
package org.secfunet.pcsc.part10;
