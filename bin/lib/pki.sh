# shellcheck shell=bash
# The smoke tests' PKI, made with the openssl command line.
# smoke_pki DIR PREFIX: in DIR, a CA "PREFIX CA" (ca.pem, ca.key), a server certificate for
# localhost (s.pem, s.key, CN PREFIX-s), a client certificate (c.pem, c.key, CN PREFIX-c) and its
# PKCS#12 c.p12 (password p12). EC P-256 throughout.
smoke_pki() {
  local P=$1 prefix=$2 who
  mkdir -p "$P"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/ca.key" -out "$P/ca.pem" -days 2 -subj "/CN=$prefix CA" 2>/dev/null
  printf "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost\n" > "$P/s.ext"
  printf "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n" > "$P/c.ext"
  for who in s c; do
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/$who.key" -out "$P/$who.csr" -subj "/CN=$prefix-$who" 2>/dev/null
    openssl x509 -req -in "$P/$who.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -CAcreateserial -out "$P/$who.pem" -days 1 -extfile "$P/$who.ext" 2>/dev/null
  done
  openssl pkcs12 -export -inkey "$P/c.key" -in "$P/c.pem" -out "$P/c.p12" -passout pass:p12
}
