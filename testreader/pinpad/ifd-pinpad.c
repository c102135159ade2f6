/*
 * ifd-pinpad: a pcsc-lite IFD handler for TESTS ONLY. It presents a software card as a PC/SC
 * part 10 pinpad reader, the way vpcd presents one as a plain reader (see README.md here).
 *
 * Card side: the vpcd wire protocol (shared/docs/pcsc-vpcd.md section 4), so `secfunet vcard
 * --vpcd HOST:PORT` plugs in unchanged: the driver listens on 127.0.0.1:PORT, the card connects;
 * every message is a 2-byte big-endian length then the payload; 1-byte payloads from the driver
 * are 00 power off, 01 power on, 02 reset, 04 get ATR.
 *
 * Keypad side: lines read from a FIFO (DEVICENAME "FIFO:PORT", or "/dev/null:PORT" and the
 * environment variable IFD_PINPAD_KEYS of pcscd): a line of digits is a PIN typed then Enter,
 * "cancel" presses Cancel. The driver never logs a PIN, only its number of digits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <ifdhandler.h>
#include <reader.h>

/* Control codes as the CCID driver chooses them: SCARD_CTL_CODE(0x330000 + feature tag). */
#define PP_IOCTL(tag) SCARD_CTL_CODE(0x330000 + (tag))
/* Part 10 reader answers (SW1 SW2) for what the user did on the keypad. */
#define SW_TIMEOUT 0x6400
#define SW_CANCEL 0x6401
#define SW_MISMATCH 0x6402
#define SW_BAD_LENGTH 0x6403
/* Header sizes of PIN_VERIFY_STRUCTURE / PIN_MODIFY_STRUCTURE before abData (reader.h, CCID). */
#define VERIFY_HEADER 19
#define MODIFY_HEADER 24
#define MAX_READERS 16
#define MAX_FRAME 65535
#define IO_TIMEOUT_MS 60000
#define DEFAULT_PIN_TIMEOUT_S 30
#define MIN_PIN 1
#define MAX_PIN 16
#define MAX_LINE 64

struct reader {
	int used;
	int port;
	int listen_fd;
	int card_fd;
	int keys_fd;
	char keys[256];
	unsigned char atr[MAX_ATR_SIZE];
	DWORD atr_len;
	char line[MAX_LINE + 1];
	size_t line_fill;
	pthread_mutex_t lock;
};

static struct reader readers[MAX_READERS];

#define LOG(...) do { fprintf(stderr, "ifd-pinpad: " __VA_ARGS__); fputc('\n', stderr); } while (0)

static struct reader *reader_of(DWORD lun)
{
	DWORD i = (lun >> 16) & 0xFFFF;
	return i < MAX_READERS && readers[i].used ? &readers[i] : NULL;
}

/* ---- the vpcd link to the card ---- */

static int io_wait(int fd, short ev, int ms)
{
	struct pollfd p = { fd, ev, 0 };
	int n;
	do {
		n = poll(&p, 1, ms);
	} while (n < 0 && errno == EINTR);
	return n > 0 && (p.revents & (ev | POLLHUP | POLLERR));
}

static int read_full(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r;
		if (!io_wait(fd, POLLIN, IO_TIMEOUT_MS))
			return -1;
		r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static int write_full(int fd, const unsigned char *buf, size_t n)
{
	size_t put = 0;
	while (put < n) {
		ssize_t w = send(fd, buf + put, n - put, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		put += (size_t)w;
	}
	return 0;
}

static void card_drop(struct reader *r)
{
	if (r->card_fd >= 0) {
		close(r->card_fd);
		r->card_fd = -1;
		r->atr_len = 0;
		LOG("port %d: card gone", r->port);
	}
}

/* Sends one frame; when want_answer, reads the answer into out (capacity cap). Returns its length or -1. */
static long card_frame(struct reader *r, const unsigned char *msg, size_t n, unsigned char *out, size_t cap, int want_answer)
{
	static unsigned char buf[MAX_FRAME + 2];
	unsigned char hdr[2];
	size_t len;
	if (r->card_fd < 0 || n == 0 || n > MAX_FRAME)
		return -1;
	buf[0] = (unsigned char)(n >> 8);
	buf[1] = (unsigned char)n;
	memcpy(buf + 2, msg, n);
	if (write_full(r->card_fd, buf, n + 2) < 0) {
		memset(buf, 0, n + 2);
		goto gone;
	}
	memset(buf, 0, n + 2); /* it may have carried a PIN */
	if (!want_answer)
		return 0;
	if (read_full(r->card_fd, hdr, 2) < 0)
		goto gone;
	len = ((size_t)hdr[0] << 8) | hdr[1];
	if (len == 0 || len > sizeof(buf) - 2 || read_full(r->card_fd, buf, len) < 0)
		goto gone;
	if (len > cap)
		return -2;
	memcpy(out, buf, len);
	return (long)len;
gone:
	card_drop(r);
	return -1;
}

static int card_control(struct reader *r, unsigned char code)
{
	return card_frame(r, &code, 1, NULL, 0, 0) == 0 ? 0 : -1;
}

static int card_get_atr(struct reader *r)
{
	unsigned char code = 0x04;
	long n = card_frame(r, &code, 1, r->atr, sizeof(r->atr), 1);
	if (n < 0) {
		card_drop(r);
		return -1;
	}
	r->atr_len = (DWORD)n;
	return 0;
}

/* Accepts a waiting card (non-blocking); true when a card is connected. */
static int card_accept(struct reader *r)
{
	int fd, one = 1;
	if (r->card_fd >= 0)
		return 1;
	fd = accept4(r->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return 0;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	r->card_fd = fd;
	LOG("port %d: card connected", r->port);
	return card_get_atr(r) == 0;
}

/* ---- the keypad: lines from the FIFO ---- */

static int keys_open(struct reader *r)
{
	if (r->keys_fd >= 0)
		return 0;
	if (!r->keys[0])
		return -1;
	/* O_RDWR: the driver is a writer too, so poll never reports a hang-up between test writes */
	r->keys_fd = open(r->keys, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (r->keys_fd < 0)
		LOG("port %d: cannot open the key FIFO %s: %s", r->port, r->keys, strerror(errno));
	return r->keys_fd < 0 ? -1 : 0;
}

/* One line typed before the deadline (ms since the epoch of CLOCK_MONOTONIC): 1, 0 timeout, -1 error. */
static int keys_line(struct reader *r, char *out, long long deadline)
{
	for (;;) {
		char *nl = memchr(r->line, '\n', r->line_fill);
		struct timespec ts;
		long long now;
		ssize_t n;
		if (nl) {
			size_t len = (size_t)(nl - r->line);
			memcpy(out, r->line, len);
			out[len] = 0;
			memmove(r->line, nl + 1, r->line_fill - len - 1);
			r->line_fill -= len + 1;
			memset(r->line + r->line_fill, 0, sizeof(r->line) - r->line_fill);
			return 1;
		}
		if (r->line_fill == MAX_LINE) { /* an over-long line: dropped */
			memset(r->line, 0, sizeof(r->line));
			r->line_fill = 0;
		}
		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
		if (now >= deadline || !io_wait(r->keys_fd, POLLIN, (int)(deadline - now)))
			return 0;
		n = read(r->keys_fd, r->line + r->line_fill, MAX_LINE - r->line_fill);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			return -1;
		r->line_fill += (size_t)n;
	}
}

/* Reads one PIN entry: returns its number of digits (digits in pin) or a negative SW_*. */
static int keys_pin(struct reader *r, int timeout_s, int min, int max, char *pin)
{
	struct timespec ts;
	long long deadline;
	char line[MAX_LINE + 1];
	int rc;
	size_t i, n;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	deadline = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + 1000LL * (timeout_s ? timeout_s : DEFAULT_PIN_TIMEOUT_S);
	for (;;) {
		rc = keys_line(r, line, deadline);
		if (rc <= 0) {
			LOG("port %d: no PIN entered in time", r->port);
			return -SW_TIMEOUT;
		}
		if (strcmp(line, "cancel") == 0) {
			LOG("port %d: cancel pressed", r->port);
			return -SW_CANCEL;
		}
		n = strlen(line);
		for (i = 0; i < n && line[i] >= '0' && line[i] <= '9'; i++)
			;
		if (i == n && n > 0)
			break;
		LOG("port %d: ignored a key line that is neither digits nor \"cancel\"", r->port);
		memset(line, 0, sizeof(line));
	}
	memcpy(pin, line, n);
	memset(line, 0, sizeof(line));
	LOG("port %d: %zu digits entered", r->port, n);
	if ((int)n < min || (int)n > max)
		return -SW_BAD_LENGTH;
	return (int)n;
}

/* ---- building the APDU per the structure ---- */

/* Writes the nbits low bits of value at bit position pos (MSB first) of buf (size len bytes). */
static int put_bits(unsigned char *buf, size_t len, size_t pos, int nbits, unsigned value)
{
	int i;
	if (pos + (size_t)nbits > len * 8)
		return -1;
	for (i = 0; i < nbits; i++) {
		size_t b = pos + (size_t)i;
		unsigned bit = (value >> (nbits - 1 - i)) & 1;
		unsigned char mask = (unsigned char)(0x80 >> (b % 8));
		buf[b / 8] = (unsigned char)(bit ? buf[b / 8] | mask : buf[b / 8] & ~mask);
	}
	return 0;
}

struct format {
	unsigned char fmt, block, lenfmt;
	int min, max;
};

/*
 * Puts n digits into the data field (after CLA INS P1 P2 Lc) of apdu at the extra byte offset:
 * bmFormatString bit 7 units (bytes/bits), bits 6-3 position, bit 2 right-justify, bits 1-0 type
 * (00 binary: one byte 0..9 per digit, 01 BCD, 10 ASCII); bmPINBlockString bits 7-4 length field
 * bits, 3-0 block bytes; bmPINLengthFormat bit 4 units, bits 3-0 position. Bytes of the block not
 * covered by digits keep the template's padding.
 */
static int insert_pin(unsigned char *apdu, size_t len, const struct format *f, int offset, const char *pin, int n)
{
	unsigned char *data = apdu + 5;
	size_t dlen = len - 5;
	size_t unit = (f->fmt & 0x80) ? 8 : 1;
	size_t pos = ((f->fmt >> 3) & 0x0F) * unit + (size_t)offset * 8;
	size_t block = (size_t)(f->block & 0x0F) * 8;
	int type = f->fmt & 0x03, width = type == 1 ? 4 : 8, lenbits = f->block >> 4, i;
	size_t start;
	if (type == 3 || (size_t)(n * width) > block || pos + block > dlen * 8)
		return -1;
	start = (f->fmt & 0x04) ? pos + block - (size_t)(n * width) : pos;
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned)(pin[i] - '0');
		if (put_bits(data, dlen, start + (size_t)(i * width), width, type == 2 ? '0' + d : d) < 0)
			return -1;
	}
	if (lenbits) {
		size_t lunit = (f->lenfmt & 0x10) ? 8 : 1;
		size_t lpos = (f->lenfmt & 0x0F) * lunit + (size_t)offset * 8;
		if (put_bits(data, dlen, lpos, lenbits, (unsigned)n) < 0)
			return -1;
	}
	return 0;
}

static RESPONSECODE answer_sw(int sw, PUCHAR rx, DWORD cap, LPDWORD got)
{
	if (cap < 2)
		return IFD_ERROR_INSUFFICIENT_BUFFER;
	rx[0] = (UCHAR)(sw >> 8);
	rx[1] = (UCHAR)sw;
	*got = 2;
	return IFD_SUCCESS;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* VERIFY (modify = 0) or MODIFY_PIN_DIRECT: parse, take the keystrokes, send, answer. */
static RESPONSECODE pin_direct(struct reader *r, int modify, PUCHAR tx, DWORD txlen, PUCHAR rx, DWORD cap, LPDWORD got)
{
	size_t hdr = modify ? MODIFY_HEADER : VERIFY_HEADER;
	struct format f;
	unsigned char apdu[5 + 255];
	char pin1[MAX_LINE + 1], pin2[MAX_LINE + 1];
	int timeout, confirm = 0, off_old = 0, off_new = 0, n1 = 0, n2, n3, sw = 0;
	uint32_t dlen;
	long n;
	if (txlen < hdr + 5) {
		LOG("port %d: PIN structure too short: %u bytes", r->port, (unsigned)txlen);
		return IFD_NOT_SUPPORTED;
	}
	dlen = le32(tx + hdr - 4);
	if (dlen + hdr != txlen || dlen > sizeof(apdu) || tx[hdr + 4] + 5u != dlen) {
		LOG("port %d: PIN structure lengths disagree (ulDataLength %u, total %u)", r->port, (unsigned)dlen, (unsigned)txlen);
		return IFD_NOT_SUPPORTED;
	}
	timeout = tx[0];
	f.fmt = tx[2];
	f.block = tx[3];
	f.lenfmt = tx[4];
	if (modify) {
		off_old = tx[5];
		off_new = tx[6];
		f.min = tx[8];
		f.max = tx[7];
		confirm = tx[9];
	} else {
		f.min = tx[6];
		f.max = tx[5];
	}
	if (f.min < MIN_PIN)
		f.min = MIN_PIN;
	if (f.max > MAX_PIN || f.max == 0)
		f.max = MAX_PIN;
	memcpy(apdu, tx + hdr, dlen);
	memset(pin1, 0, sizeof(pin1));
	memset(pin2, 0, sizeof(pin2));
	/* the structure's own form is checked once, with a dummy PIN of the shortest length */
	if (insert_pin(apdu, dlen, &f, modify ? off_old : 0, "0000000000000000", f.min) < 0
		|| (modify && insert_pin(apdu, dlen, &f, off_new, "0000000000000000", f.min) < 0)) {
		LOG("port %d: PIN block does not fit the APDU template or has an unknown format", r->port);
		return IFD_NOT_SUPPORTED;
	}
	memcpy(apdu, tx + hdr, dlen);
	if (keys_open(r) < 0)
		return IFD_COMMUNICATION_ERROR;
	if (!modify || (confirm & 0x02)) {
		n1 = keys_pin(r, timeout, f.min, f.max, pin1);
		if (n1 < 0) {
			sw = -n1;
			goto done;
		}
	}
	if (modify) {
		n2 = keys_pin(r, timeout, f.min, f.max, pin2);
		if (n2 < 0) {
			sw = -n2;
			goto done;
		}
		if (confirm & 0x01) {
			char again[MAX_LINE + 1];
			n3 = keys_pin(r, timeout, f.min, f.max, again);
			if (n3 < 0 || n3 != n2 || memcmp(again, pin2, (size_t)n2) != 0)
				sw = n3 < 0 ? -n3 : SW_MISMATCH;
			memset(again, 0, sizeof(again));
			if (sw)
				goto done;
		}
		if ((n1 > 0 && insert_pin(apdu, dlen, &f, off_old, pin1, n1) < 0) || insert_pin(apdu, dlen, &f, off_new, pin2, n2) < 0) {
			sw = SW_BAD_LENGTH;
			goto done;
		}
	} else if (insert_pin(apdu, dlen, &f, 0, pin1, n1) < 0) {
		sw = SW_BAD_LENGTH;
		goto done;
	}
	n = card_frame(r, apdu, dlen, rx, cap, 1);
	memset(apdu, 0, sizeof(apdu));
	memset(pin1, 0, sizeof(pin1));
	memset(pin2, 0, sizeof(pin2));
	if (n == -2)
		return IFD_ERROR_INSUFFICIENT_BUFFER;
	if (n < 2)
		return IFD_COMMUNICATION_ERROR;
	LOG("port %d: card answered %02X%02X", r->port, rx[n - 2], rx[n - 1]);
	*got = (DWORD)n;
	return IFD_SUCCESS;
done:
	memset(apdu, 0, sizeof(apdu));
	memset(pin1, 0, sizeof(pin1));
	memset(pin2, 0, sizeof(pin2));
	return answer_sw(sw, rx, cap, got);
}

static DWORD put_feature(PUCHAR rx, DWORD p, UCHAR tag)
{
	uint32_t code = PP_IOCTL(tag);
	rx[p] = tag;
	rx[p + 1] = 4;
	rx[p + 2] = (UCHAR)(code >> 24);
	rx[p + 3] = (UCHAR)(code >> 16);
	rx[p + 4] = (UCHAR)(code >> 8);
	rx[p + 5] = (UCHAR)code;
	return p + 6;
}

static RESPONSECODE features(PUCHAR rx, DWORD cap, LPDWORD got)
{
	DWORD p = 0;
	if (cap < 4 * 6)
		return IFD_ERROR_INSUFFICIENT_BUFFER;
	p = put_feature(rx, p, FEATURE_VERIFY_PIN_DIRECT);
	p = put_feature(rx, p, FEATURE_MODIFY_PIN_DIRECT);
	p = put_feature(rx, p, FEATURE_IFD_PIN_PROPERTIES);
	p = put_feature(rx, p, FEATURE_GET_TLV_PROPERTIES);
	*got = p;
	return IFD_SUCCESS;
}

static RESPONSECODE tlv_properties(PUCHAR rx, DWORD cap, LPDWORD got)
{
	static const char firmware[] = "secfunet test pinpad";
	unsigned char t[64];
	DWORD p = 0;
	t[p++] = PCSCv2_PART10_PROPERTY_wLcdLayout, t[p++] = 2, t[p++] = 0, t[p++] = 0; /* no display */
	t[p++] = PCSCv2_PART10_PROPERTY_bEntryValidationCondition, t[p++] = 1, t[p++] = 0x02; /* validation key */
	t[p++] = PCSCv2_PART10_PROPERTY_bTimeOut2, t[p++] = 1, t[p++] = 0;
	t[p++] = PCSCv2_PART10_PROPERTY_bMinPINSize, t[p++] = 1, t[p++] = MIN_PIN;
	t[p++] = PCSCv2_PART10_PROPERTY_bMaxPINSize, t[p++] = 1, t[p++] = MAX_PIN;
	t[p++] = PCSCv2_PART10_PROPERTY_sFirmwareID, t[p++] = sizeof(firmware) - 1;
	memcpy(t + p, firmware, sizeof(firmware) - 1);
	p += sizeof(firmware) - 1;
	t[p++] = PCSCv2_PART10_PROPERTY_bPPDUSupport, t[p++] = 1, t[p++] = 0;
	t[p++] = PCSCv2_PART10_PROPERTY_dwMaxAPDUDataSize, t[p++] = 4; /* 0x10000, little endian */
	t[p++] = 0, t[p++] = 0, t[p++] = 1, t[p++] = 0;
	if (cap < p)
		return IFD_ERROR_INSUFFICIENT_BUFFER;
	memcpy(rx, t, p);
	*got = p;
	return IFD_SUCCESS;
}

/* ---- the IFD handler entry points ---- */

RESPONSECODE IFDHCreateChannelByName(DWORD Lun, LPSTR DeviceName)
{
	DWORD i = (Lun >> 16) & 0xFFFF;
	struct reader *r;
	struct sockaddr_in a;
	const char *colon = DeviceName ? strrchr(DeviceName, ':') : NULL;
	const char *env = getenv("IFD_PINPAD_KEYS");
	char *end;
	long port;
	int one = 1;
	if (i >= MAX_READERS || readers[i].used || !colon) {
		LOG("DEVICENAME must be FIFO:PORT or /dev/null:PORT, not %s", DeviceName ? DeviceName : "(none)");
		return IFD_COMMUNICATION_ERROR;
	}
	port = strtol(colon + 1, &end, 0);
	if (*end || port < 1 || port > 65535) {
		LOG("DEVICENAME %s: the port after ':' must be 1..65535", DeviceName);
		return IFD_COMMUNICATION_ERROR;
	}
	r = &readers[i];
	memset(r, 0, sizeof(*r));
	r->port = (int)port;
	r->card_fd = r->keys_fd = -1;
	if ((size_t)(colon - DeviceName) < sizeof(r->keys) && strncmp(DeviceName, "/dev/null:", 10) != 0)
		memcpy(r->keys, DeviceName, (size_t)(colon - DeviceName));
	else if (env && strlen(env) < sizeof(r->keys))
		strcpy(r->keys, env);
	r->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (r->listen_fd < 0)
		return IFD_COMMUNICATION_ERROR;
	setsockopt(r->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only, unlike vpcd */
	if (bind(r->listen_fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(r->listen_fd, 1) < 0) {
		LOG("cannot listen on 127.0.0.1:%ld: %s", port, strerror(errno));
		close(r->listen_fd);
		return IFD_COMMUNICATION_ERROR;
	}
	pthread_mutex_init(&r->lock, NULL);
	r->used = 1;
	LOG("test pinpad reader on 127.0.0.1:%ld, keys from %s", port, r->keys[0] ? r->keys : "(none: set IFD_PINPAD_KEYS)");
	keys_open(r);
	return IFD_SUCCESS;
}

RESPONSECODE IFDHCreateChannel(DWORD Lun, DWORD Channel)
{
	char name[32];
	snprintf(name, sizeof(name), "/dev/null:%u", (unsigned)Channel);
	return IFDHCreateChannelByName(Lun, name);
}

RESPONSECODE IFDHCloseChannel(DWORD Lun)
{
	struct reader *r = reader_of(Lun);
	if (!r)
		return IFD_COMMUNICATION_ERROR;
	pthread_mutex_lock(&r->lock);
	card_drop(r);
	close(r->listen_fd);
	if (r->keys_fd >= 0)
		close(r->keys_fd);
	r->used = 0;
	pthread_mutex_unlock(&r->lock);
	pthread_mutex_destroy(&r->lock);
	return IFD_SUCCESS;
}

static RESPONSECODE put_value(PDWORD Length, PUCHAR Value, const void *v, DWORD n)
{
	if (*Length < n)
		return IFD_ERROR_INSUFFICIENT_BUFFER;
	memcpy(Value, v, n);
	*Length = n;
	return IFD_SUCCESS;
}

RESPONSECODE IFDHGetCapabilities(DWORD Lun, DWORD Tag, PDWORD Length, PUCHAR Value)
{
	struct reader *r = reader_of(Lun);
	UCHAR one = 1, many = MAX_READERS;
	RESPONSECODE rc;
	if (!r)
		return IFD_COMMUNICATION_ERROR;
	switch (Tag) {
	case TAG_IFD_ATR:
	case SCARD_ATTR_ATR_STRING:
		pthread_mutex_lock(&r->lock);
		rc = put_value(Length, Value, r->atr, r->atr_len);
		pthread_mutex_unlock(&r->lock);
		return rc;
	case TAG_IFD_SLOTS_NUMBER:
	case TAG_IFD_THREAD_SAFE:
		return put_value(Length, Value, &one, 1);
	case TAG_IFD_SIMULTANEOUS_ACCESS:
		return put_value(Length, Value, &many, 1);
	case TAG_IFD_SLOT_THREAD_SAFE:
		one = 0;
		return put_value(Length, Value, &one, 1);
	default:
		return IFD_ERROR_TAG;
	}
}

RESPONSECODE IFDHSetCapabilities(DWORD Lun, DWORD Tag, DWORD Length, PUCHAR Value)
{
	(void)Lun, (void)Tag, (void)Length, (void)Value;
	return IFD_NOT_SUPPORTED;
}

RESPONSECODE IFDHSetProtocolParameters(DWORD Lun, DWORD Protocol, UCHAR Flags, UCHAR PTS1, UCHAR PTS2, UCHAR PTS3)
{
	(void)Lun, (void)Flags, (void)PTS1, (void)PTS2, (void)PTS3;
	/* the protocol the card's ATR offers (a SIM's is T=0); either relays the APDU unchanged to the software card */
	return Protocol == SCARD_PROTOCOL_T0 || Protocol == SCARD_PROTOCOL_T1 ? IFD_SUCCESS : IFD_PROTOCOL_NOT_SUPPORTED;
}

RESPONSECODE IFDHPowerICC(DWORD Lun, DWORD Action, PUCHAR Atr, PDWORD AtrLength)
{
	struct reader *r = reader_of(Lun);
	RESPONSECODE rc = IFD_SUCCESS;
	DWORD cap = *AtrLength;
	*AtrLength = 0;
	if (!r)
		return IFD_COMMUNICATION_ERROR;
	pthread_mutex_lock(&r->lock);
	if (!card_accept(r)) {
		rc = IFD_ERROR_POWER_ACTION;
	} else if (Action == IFD_POWER_DOWN) {
		card_control(r, 0x00);
	} else if (Action == IFD_POWER_UP || Action == IFD_RESET) {
		if (card_control(r, Action == IFD_POWER_UP ? 0x01 : 0x02) < 0 || card_get_atr(r) < 0 || cap < r->atr_len) {
			rc = IFD_ERROR_POWER_ACTION;
		} else {
			memcpy(Atr, r->atr, r->atr_len);
			*AtrLength = r->atr_len;
		}
	} else {
		rc = IFD_NOT_SUPPORTED;
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}

RESPONSECODE IFDHTransmitToICC(DWORD Lun, SCARD_IO_HEADER SendPci, PUCHAR TxBuffer, DWORD TxLength, PUCHAR RxBuffer,
	PDWORD RxLength, PSCARD_IO_HEADER RecvPci)
{
	struct reader *r = reader_of(Lun);
	long n;
	DWORD cap = *RxLength;
	*RxLength = 0;
	if (!r)
		return IFD_COMMUNICATION_ERROR;
	pthread_mutex_lock(&r->lock);
	n = card_frame(r, TxBuffer, TxLength, RxBuffer, cap, 1);
	pthread_mutex_unlock(&r->lock);
	if (n == -2)
		return IFD_ERROR_INSUFFICIENT_BUFFER;
	if (n < 0)
		return r->card_fd < 0 ? IFD_ICC_NOT_PRESENT : IFD_COMMUNICATION_ERROR;
	*RxLength = (DWORD)n;
	if (RecvPci)
		RecvPci->Protocol = SendPci.Protocol;
	return IFD_SUCCESS;
}

RESPONSECODE IFDHICCPresence(DWORD Lun)
{
	struct reader *r = reader_of(Lun);
	int present;
	if (!r)
		return IFD_COMMUNICATION_ERROR;
	if (pthread_mutex_trylock(&r->lock) != 0)
		return IFD_ICC_PRESENT; /* a command (maybe a PIN entry) is under way: the card is there */
	present = r->card_fd >= 0 ? card_get_atr(r) == 0 : card_accept(r);
	pthread_mutex_unlock(&r->lock);
	return present ? IFD_ICC_PRESENT : IFD_ICC_NOT_PRESENT;
}

RESPONSECODE IFDHControl(DWORD Lun, DWORD dwControlCode, PUCHAR TxBuffer, DWORD TxLength, PUCHAR RxBuffer, DWORD RxLength,
	LPDWORD pdwBytesReturned)
{
	struct reader *r = reader_of(Lun);
	RESPONSECODE rc;
	*pdwBytesReturned = 0;
	if (!r)
		return IFD_COMMUNICATION_ERROR;
	if (dwControlCode == CM_IOCTL_GET_FEATURE_REQUEST)
		return features(RxBuffer, RxLength, pdwBytesReturned);
	if (dwControlCode == PP_IOCTL(FEATURE_GET_TLV_PROPERTIES))
		return tlv_properties(RxBuffer, RxLength, pdwBytesReturned);
	if (dwControlCode == PP_IOCTL(FEATURE_IFD_PIN_PROPERTIES)) {
		if (RxLength < 4)
			return IFD_ERROR_INSUFFICIENT_BUFFER;
		RxBuffer[0] = RxBuffer[1] = 0; /* wLcdLayout: no display */
		RxBuffer[2] = 0x02;            /* bEntryValidationCondition: validation key */
		RxBuffer[3] = 0;               /* bTimeOut2: not distinguished */
		*pdwBytesReturned = 4;
		return IFD_SUCCESS;
	}
	if (dwControlCode != PP_IOCTL(FEATURE_VERIFY_PIN_DIRECT) && dwControlCode != PP_IOCTL(FEATURE_MODIFY_PIN_DIRECT))
		return IFD_ERROR_NOT_SUPPORTED;
	pthread_mutex_lock(&r->lock);
	rc = r->card_fd < 0 ? IFD_ICC_NOT_PRESENT
		: pin_direct(r, dwControlCode == PP_IOCTL(FEATURE_MODIFY_PIN_DIRECT), TxBuffer, TxLength, RxBuffer, RxLength, pdwBytesReturned);
	pthread_mutex_unlock(&r->lock);
	return rc;
}
