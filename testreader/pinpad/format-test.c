/*
 * Unit test of the test pinpad's PIN insertion (bmFormatString, bmPINBlockString,
 * bmPINLengthFormat): builds the driver's code in and checks the APDU bytes for ASCII, BCD,
 * binary, justification, byte and bit positions and the length field. Exit code 0: all pass.
 */
#include "ifd-pinpad.c"

static int fails;

static void expect(const char *name, unsigned char fmt, unsigned char block, unsigned char lenfmt, int offset,
	const char *pin, const unsigned char *tmpl, size_t dlen, const unsigned char *want, int want_rc)
{
	unsigned char apdu[5 + 64] = { 0x00, 0x20, 0x00, 0x80, (unsigned char)dlen };
	struct format f = { fmt, block, lenfmt, 1, 16 };
	int rc;
	memcpy(apdu + 5, tmpl, dlen);
	rc = insert_pin(apdu, 5 + dlen, &f, offset, pin, (int)strlen(pin));
	if (rc != want_rc || (rc == 0 && memcmp(apdu + 5, want, dlen) != 0)) {
		size_t i;
		printf("FAIL %s: rc %d, data", name, rc);
		for (i = 0; i < dlen; i++)
			printf(" %02X", apdu[5 + i]);
		printf("\n");
		fails++;
	} else {
		printf("ok   %s\n", name);
	}
}

int main(void)
{
	static const unsigned char ff8[8] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	static const unsigned char zero4[4] = { 0 };
	static const unsigned char ascii[8] = { '1', '2', '3', '4', 0xFF, 0xFF, 0xFF, 0xFF };
	static const unsigned char ascii_right[8] = { 0xFF, 0xFF, 0xFF, 0xFF, '1', '2', '3', '4' };
	static const unsigned char bcd_right[4] = { 0x00, 0x01, 0x23, 0x45 };
	static const unsigned char glp_tmpl[8] = { 0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	static const unsigned char glp[8] = { 0x24, 0x12, 0x34, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	static const unsigned char bin[4] = { 0x00, 0x00, 0x09, 0x00 };
	static const unsigned char two[8] = { 0xFF, 0xFF, 0xFF, 0xFF, '5', '6', 0xFF, 0xFF };
	static const unsigned char len_byte[4] = { 0x03, '1', '2', '3' };
	expect("ASCII, bytes, left, FF padding kept", 0x82, 0x08, 0x00, 0, "1234", ff8, 8, ascii, 0);
	expect("ASCII, right-justified", 0x86, 0x08, 0x00, 0, "1234", ff8, 8, ascii_right, 0);
	expect("BCD, right-justified, odd length", 0x85, 0x04, 0x00, 0, "12345", zero4, 4, bcd_right, 0);
	expect("ISO 9564 format 2 (GLP): BCD at bit 8, 4-bit length at bit 4", 0x41, 0x47, 0x04, 0, "1234", glp_tmpl, 8, glp, 0);
	expect("binary digits, byte position 2", 0x90, 0x02, 0x00, 0, "90", zero4, 4, bin, 0);
	expect("insertion offset 4 (MODIFY's new PIN)", 0x82, 0x04, 0x00, 4, "56", ff8, 8, two, 0);
	expect("8-bit length field at byte 0, digits from byte 1", 0x8A, 0x83, 0x10, 0, "123", zero4, 4, len_byte, 0);
	expect("PIN longer than the block", 0x82, 0x08, 0x00, 0, "123456789", ff8, 8, NULL, -1);
	expect("block beyond the APDU's data", 0x8A, 0x08, 0x00, 0, "1", ff8, 8, NULL, -1);
	expect("format type 11 (reserved)", 0x83, 0x08, 0x00, 0, "1", ff8, 8, NULL, -1);
	printf("format-test: %d failure(s)\n", fails);
	return fails != 0;
}
