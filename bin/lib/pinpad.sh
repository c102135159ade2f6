# shellcheck shell=bash
# The test pinpad reader (testreader/pinpad/README.md): a pcsc-lite IFD driver that presents a
# software card (vpcd wire protocol) as a PC/SC part 10 pinpad whose keys come from a FIFO.
# Usage: pinpad_build OUTDIR   builds OUTDIR/libifdpinpad.so, OUTDIR/pinpad-probe and
#        OUTDIR/pinpad-format-test (the PIN insertion's unit test)
#        (needs gcc and Debian's libpcsclite-dev). Serve it with pcscd.sh:
#        IFD_PINPAD_KEYS=FIFO VPCD_DRIVER=OUTDIR/libifdpinpad.so pcscd_start DIR 1 PORT

PINPAD_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../testreader/pinpad" && pwd)"

pinpad_build() {
  local out=$1 flags libs
  command -v gcc >/dev/null || { echo "pinpad_build: gcc is missing; install build-essential" >&2; return 1; }
  flags=$(pkg-config --cflags libpcsclite 2>/dev/null) || { echo "pinpad_build: libpcsclite-dev is missing; apt-get install -y libpcsclite-dev" >&2; return 1; }
  libs=$(pkg-config --libs libpcsclite) || return 1
  mkdir -p "$out"
  # shellcheck disable=SC2086
  gcc -std=c99 -O2 -Wall -Wextra -Werror -shared -fPIC $flags -o "$out/libifdpinpad.so" "$PINPAD_SRC/ifd-pinpad.c" -pthread || return 1
  # shellcheck disable=SC2086
  gcc -std=c99 -O2 -Wall -Wextra -Werror $flags -o "$out/pinpad-probe" "$PINPAD_SRC/pinpad-probe.c" $libs || return 1
  # shellcheck disable=SC2086
  gcc -std=c99 -O2 -Wall -Wextra -Werror $flags -o "$out/pinpad-format-test" "$PINPAD_SRC/format-test.c" -pthread || return 1
}
