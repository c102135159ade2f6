/*
 * pinpad-probe: a minimal PC/SC client for the test pinpad reader (README.md here).
 *   pinpad-probe READER features
 *       lists the part 10 features (tag and control code) and the TLV properties
 *   pinpad-probe READER verify AID CLA INS P1 P2 BLOCK TIMEOUT
 *   pinpad-probe READER modify AID CLA INS P1 P2 BLOCK TIMEOUT CONFIRM
 *       SELECTs AID (hex, "-" for none), then VERIFY_PIN_DIRECT / MODIFY_PIN_DIRECT for an
 *       APDU "CLA INS P1 P2 Lc" with ASCII digits left-justified in BLOCK bytes padded with FF
 *       (modify: old block then new block; CONFIRM is bConfirmPIN); prints "SW XXXX".
 *   pinpad-probe READER control TAG HEX
 *       sends HEX to the control code of feature TAG (hex) as it is; prints the answer or the
 *       PC/SC error (for malformed structures)
 * Exit code 0 when the exchange happened, 1 on a PC/SC or usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winscard.h>
#include <reader.h>

static void fail(const char *what, LONG rv)
{
	fprintf(stderr, "pinpad-probe: %s: %s\n", what, pcsc_stringify_error(rv));
	exit(1);
}

static unsigned hexbyte(const char *s)
{
	return (unsigned)strtoul(s, NULL, 16) & 0xFF;
}

static DWORD feature(const unsigned char *tlv, DWORD n, int tag)
{
	DWORD i;
	for (i = 0; i + 6 <= n; i += 6)
		if (tlv[i] == tag && tlv[i + 1] == 4)
			return (DWORD)tlv[i + 2] << 24 | (DWORD)tlv[i + 3] << 16 | (DWORD)tlv[i + 4] << 8 | tlv[i + 5];
	return 0;
}

int main(int argc, char **argv)
{
	SCARDCONTEXT ctx;
	SCARDHANDLE h;
	DWORD proto, n, i, code;
	unsigned char buf[1024], cmd[600];
	LONG rv;
	int modify;
	if (argc < 3) {
		fprintf(stderr, "usage: see the comment at the top of pinpad-probe.c\n");
		return 1;
	}
	if ((rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx)) != SCARD_S_SUCCESS)
		fail("SCardEstablishContext", rv);
	if ((rv = SCardConnect(ctx, argv[1], SCARD_SHARE_SHARED, SCARD_PROTOCOL_T1, &h, &proto)) != SCARD_S_SUCCESS)
		fail("SCardConnect", rv);
	if ((rv = SCardControl(h, CM_IOCTL_GET_FEATURE_REQUEST, NULL, 0, buf, sizeof(buf), &n)) != SCARD_S_SUCCESS)
		fail("GET_FEATURE_REQUEST", rv);
	if (strcmp(argv[2], "features") == 0) {
		DWORD tlvcode;
		for (i = 0; i + 6 <= n; i += 6)
			printf("feature %02X control code %02X%02X%02X%02X\n", buf[i], buf[i + 2], buf[i + 3], buf[i + 4], buf[i + 5]);
		tlvcode = feature(buf, n, FEATURE_GET_TLV_PROPERTIES);
		if (tlvcode && (rv = SCardControl(h, tlvcode, NULL, 0, buf, sizeof(buf), &n)) == SCARD_S_SUCCESS) {
			for (i = 0; i + 2 <= n && i + 2 + buf[i + 1] <= n; i += 2 + buf[i + 1]) {
				DWORD j;
				printf("property %u:", buf[i]);
				for (j = 0; j < buf[i + 1]; j++)
					printf(" %02X", buf[i + 2 + j]);
				printf("\n");
			}
		}
		return 0;
	}
	if (strcmp(argv[2], "control") == 0 && argc == 5) {
		size_t len = strlen(argv[4]) / 2;
		code = feature(buf, n, (int)hexbyte(argv[3]));
		if (!code || len > sizeof(cmd)) {
			fprintf(stderr, "pinpad-probe: no feature %s or data too long\n", argv[3]);
			return 1;
		}
		for (i = 0; i < len; i++) {
			char two[3] = { argv[4][2 * i], argv[4][2 * i + 1], 0 };
			cmd[i] = (unsigned char)hexbyte(two);
		}
		if ((rv = SCardControl(h, code, cmd, (DWORD)len, buf, sizeof(buf), &n)) != SCARD_S_SUCCESS)
			fail("control", rv);
		printf("answer");
		for (i = 0; i < n; i++)
			printf(" %02X", buf[i]);
		printf("\n");
		return 0;
	}
	modify = strcmp(argv[2], "modify") == 0;
	if ((!modify && (strcmp(argv[2], "verify") != 0 || argc != 10)) || (modify && argc != 11)) {
		fprintf(stderr, "usage: see the comment at the top of pinpad-probe.c\n");
		return 1;
	}
	code = feature(buf, n, modify ? FEATURE_MODIFY_PIN_DIRECT : FEATURE_VERIFY_PIN_DIRECT);
	if (!code) {
		fprintf(stderr, "pinpad-probe: the reader has no %s feature\n", modify ? "MODIFY_PIN_DIRECT" : "VERIFY_PIN_DIRECT");
		return 1;
	}
	if (strcmp(argv[3], "-") != 0) {
		size_t alen = strlen(argv[3]) / 2;
		DWORD rn = sizeof(buf);
		cmd[0] = 0x00, cmd[1] = 0xA4, cmd[2] = 0x04, cmd[3] = 0x00, cmd[4] = (unsigned char)alen;
		for (i = 0; i < alen; i++) {
			char two[3] = { argv[3][2 * i], argv[3][2 * i + 1], 0 };
			cmd[5 + i] = (unsigned char)hexbyte(two);
		}
		if ((rv = SCardTransmit(h, SCARD_PCI_T1, cmd, 5 + (DWORD)alen, NULL, buf, &rn)) != SCARD_S_SUCCESS)
			fail("SELECT", rv);
		printf("SELECT SW %02X%02X\n", buf[rn - 2], buf[rn - 1]);
	}
	{
		unsigned block = (unsigned)atoi(argv[8]) & 0x0F, fields = modify ? 2 : 1;
		size_t hdr = modify ? 24 : 19, dlen = 5 + fields * block, p = 0;
		memset(cmd, 0, sizeof(cmd));
		cmd[p++] = (unsigned char)atoi(argv[9]); /* bTimerOut */
		cmd[p++] = 0;                            /* bTimerOut2 */
		cmd[p++] = 0x82;                         /* bmFormatString: bytes, position 0, left, ASCII */
		cmd[p++] = (unsigned char)block;         /* bmPINBlockString: no length field, BLOCK bytes */
		cmd[p++] = 0;                            /* bmPINLengthFormat */
		if (modify) {
			cmd[p++] = 0;                       /* bInsertionOffsetOld */
			cmd[p++] = (unsigned char)block;    /* bInsertionOffsetNew */
		}
		cmd[p++] = (unsigned char)block;         /* wPINMaxExtraDigit: max (low byte) */
		cmd[p++] = 1;                            /* min (high byte) */
		if (modify)
			cmd[p++] = (unsigned char)atoi(argv[10]); /* bConfirmPIN */
		cmd[p++] = 0x02;                         /* bEntryValidationCondition: validation key */
		cmd[p++] = 0x00;                         /* bNumberMessage */
		cmd[p++] = 0x09, cmd[p++] = 0x04;        /* wLangId 0x0409 */
		p += modify ? 3 : 1;                     /* bMsgIndex(1,2,3) */
		p += 3;                                  /* bTeoPrologue */
		cmd[p++] = (unsigned char)dlen, cmd[p++] = 0, cmd[p++] = 0, cmd[p++] = 0; /* ulDataLength */
		if (p != hdr)
			return 1;
		cmd[p++] = (unsigned char)hexbyte(argv[4]);
		cmd[p++] = (unsigned char)hexbyte(argv[5]);
		cmd[p++] = (unsigned char)hexbyte(argv[6]);
		cmd[p++] = (unsigned char)hexbyte(argv[7]);
		cmd[p++] = (unsigned char)(fields * block);
		memset(cmd + p, 0xFF, fields * block);
		p += fields * block;
		n = sizeof(buf);
		if ((rv = SCardControl(h, code, cmd, (DWORD)p, buf, sizeof(buf), &n)) != SCARD_S_SUCCESS)
			fail(modify ? "MODIFY_PIN_DIRECT" : "VERIFY_PIN_DIRECT", rv);
		if (n < 2) {
			fprintf(stderr, "pinpad-probe: answer of %u bytes\n", (unsigned)n);
			return 1;
		}
		printf("SW %02X%02X\n", buf[n - 2], buf[n - 1]);
	}
	SCardDisconnect(h, SCARD_LEAVE_CARD);
	SCardReleaseContext(ctx);
	return 0;
}
