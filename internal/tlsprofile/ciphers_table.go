package tlsprofile

import (
	"sort"
	"strconv"
)

// The masks below mirror the algorithm bits OpenSSL keeps for each suite
// (ssl/ssl_local.h). Cipher-string words select suites by "any bit in
// common" per category, so the bits must be kept as sets, not as names, for
// combinations such as "ECDHE+AESGCM" or "AES128" (CBC, GCM and CCM alike)
// to select exactly what OpenSSL selects.

// Key exchange bits.
const (
	kRSA uint32 = 1 << iota
	kDHE
	kECDHE
	kPSK
	kRSAPSK
	kECDHEPSK
	kDHEPSK
	kSRP

	kAnyPSK = kPSK | kRSAPSK | kECDHEPSK | kDHEPSK
)

// Authentication bits.
const (
	aRSA uint32 = 1 << iota
	aDSS
	aNULL
	aECDSA
	aPSK
	aSRP
)

// Bulk encryption bits.
const (
	encDES uint32 = 1 << iota
	enc3DES
	encRC4
	encRC2
	encIDEA
	encNULL
	encAES128
	encAES256
	encCAMELLIA128
	encCAMELLIA256
	encSEED
	encAES128GCM
	encAES256GCM
	encAES128CCM
	encAES256CCM
	encAES128CCM8
	encAES256CCM8
	encCHACHA20POLY1305
	encARIA128GCM
	encARIA256GCM

	encAESGCM   = encAES128GCM | encAES256GCM
	encAESCCM8  = encAES128CCM8 | encAES256CCM8
	encAESCCM   = encAES128CCM | encAES256CCM | encAESCCM8
	encAES      = encAES128 | encAES256 | encAESGCM | encAESCCM
	encCAMELLIA = encCAMELLIA128 | encCAMELLIA256
	encARIA     = encARIA128GCM | encARIA256GCM
	// encCBC is OpenSSL 3's "CBC" alias: every block cipher used in CBC mode.
	encCBC = encDES | enc3DES | encRC2 | encIDEA | encAES128 | encAES256 |
		encCAMELLIA128 | encCAMELLIA256 | encSEED
)

// MAC bits.
const (
	macMD5 uint32 = 1 << iota
	macSHA1
	macSHA256
	macSHA384
	macAEAD
)

// Minimum protocol versions, as on the wire.
const (
	verSSL3  uint16 = 0x0300
	verTLS1  uint16 = 0x0301
	verTLS12 uint16 = 0x0303
)

// Strength classes and flags (OpenSSL's algo_strength). The export classes
// are OpenSSL 1.0's EXP40/EXP56, which it kept in the same strength mask as
// LOW/MEDIUM/HIGH, so "EXP+LOW" selects nothing there either.
const (
	clsNone        uint32 = 0x01 // eNULL suites
	clsLow         uint32 = 0x02
	clsMedium      uint32 = 0x04
	clsHigh        uint32 = 0x08
	flagFIPS       uint32 = 0x10
	flagNotDefault uint32 = 0x20 // COMPLEMENTOFDEFAULT
	clsExport40    uint32 = 0x40
	clsExport56    uint32 = 0x80

	strongMask = clsNone | clsLow | clsMedium | clsHigh | flagFIPS | clsExport40 | clsExport56
	exportMask = clsExport40 | clsExport56
)

// Cipher is one TLS 1.2-or-older cipher suite as OpenSSL knows it. Values
// returned by this package are shared and must not be modified.
type Cipher struct {
	Name string // OpenSSL name, e.g. ECDHE-RSA-AES128-GCM-SHA256
	IANA string // standard name, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	ID   uint16 // the two-byte suite value sent on the wire

	// Kx, Au, Enc and Mac are spelled as `openssl ciphers -v` prints them
	// (Kx=ECDH Au=RSA Enc=AESGCM(128) Mac=AEAD).
	Kx, Au, Enc, Mac string

	// Protocol is the oldest protocol version the suite works with:
	// "SSLv3", "TLSv1" or "TLSv1.2".
	Protocol string

	// Bits is the effective symmetric strength OpenSSL sorts and filters on
	// (112 for 3DES, 40 for export suites); AlgBits is the key size of the
	// cipher itself (168 for 3DES).
	Bits, AlgBits int

	// Class is OpenSSL's strength class: "HIGH", "MEDIUM", "LOW", "EXPORT"
	// or "NONE" (no encryption).
	Class string

	// OpenSSL3 reports whether a default OpenSSL 3.0 build offers the
	// suite. The others were offered by older builds (1.0.x, or 1.1.x with
	// enable-weak-ssl-ciphers) and still appear in tutorials.
	OpenSSL3 bool

	kx, au, enc, mac uint32
	minVer           uint16
	strength         uint32
	idx              int // position in cipherTable
}

// String returns the OpenSSL name.
func (c *Cipher) String() string { return c.Name }

// AEAD reports whether the suite uses an AEAD cipher (GCM, CCM,
// ChaCha20-Poly1305) rather than MAC-then-encrypt.
func (c *Cipher) AEAD() bool { return c.mac&macAEAD != 0 }

// ForwardSecret reports whether the key exchange is ephemeral (DHE or
// ECDHE, with or without PSK), so a stolen server key does not reveal past
// sessions.
func (c *Cipher) ForwardSecret() bool {
	return c.kx&(kDHE|kECDHE|kDHEPSK|kECDHEPSK) != 0
}

type cipherRow struct {
	id               uint16
	name, iana       string
	kx, au, enc, mac uint32
	minVer           uint16
	strength         uint32
	bits, algBits    int
	openssl3         bool
}

// cipherRows lists every suite wssgen knows. The OpenSSL3 rows are exactly
// what `openssl ciphers -V -stdname ALL:COMPLEMENTOFALL@SECLEVEL=0` lists
// for TLS 1.2 and older on OpenSSL 3.0 (a test keeps it so); their class
// and flags follow the HIGH, FIPS and COMPLEMENTOFDEFAULT aliases there.
// GOST suites are left out: no default build offers them, only an engine.
// Static (EC)DH suites are left out as well: OpenSSL 1.1.0 removed them and
// they never worked without a DH or ECDH certificate.
var cipherRows = []cipherRow{
	// Suites a default OpenSSL 3.0 build offers.
	{0x0001, "NULL-MD5", "TLS_RSA_WITH_NULL_MD5", kRSA, aRSA, encNULL, macMD5, verSSL3, clsNone, 0, 0, true},
	{0x0002, "NULL-SHA", "TLS_RSA_WITH_NULL_SHA", kRSA, aRSA, encNULL, macSHA1, verSSL3, clsNone, 0, 0, true},
	{0x002C, "PSK-NULL-SHA", "TLS_PSK_WITH_NULL_SHA", kPSK, aPSK, encNULL, macSHA1, verSSL3, clsNone, 0, 0, true},
	{0x002D, "DHE-PSK-NULL-SHA", "TLS_DHE_PSK_WITH_NULL_SHA", kDHEPSK, aPSK, encNULL, macSHA1, verSSL3, clsNone, 0, 0, true},
	{0x002E, "RSA-PSK-NULL-SHA", "TLS_RSA_PSK_WITH_NULL_SHA", kRSAPSK, aRSA, encNULL, macSHA1, verSSL3, clsNone, 0, 0, true},
	{0x002F, "AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", kRSA, aRSA, encAES128, macSHA1, verSSL3, clsHigh | flagFIPS, 128, 128, true},
	{0x0032, "DHE-DSS-AES128-SHA", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", kDHE, aDSS, encAES128, macSHA1, verSSL3, clsHigh | flagFIPS | flagNotDefault, 128, 128, true},
	{0x0033, "DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", kDHE, aRSA, encAES128, macSHA1, verSSL3, clsHigh | flagFIPS, 128, 128, true},
	{0x0034, "ADH-AES128-SHA", "TLS_DH_anon_WITH_AES_128_CBC_SHA", kDHE, aNULL, encAES128, macSHA1, verSSL3, clsHigh | flagFIPS | flagNotDefault, 128, 128, true},
	{0x0035, "AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", kRSA, aRSA, encAES256, macSHA1, verSSL3, clsHigh | flagFIPS, 256, 256, true},
	{0x0038, "DHE-DSS-AES256-SHA", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", kDHE, aDSS, encAES256, macSHA1, verSSL3, clsHigh | flagFIPS | flagNotDefault, 256, 256, true},
	{0x0039, "DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", kDHE, aRSA, encAES256, macSHA1, verSSL3, clsHigh | flagFIPS, 256, 256, true},
	{0x003A, "ADH-AES256-SHA", "TLS_DH_anon_WITH_AES_256_CBC_SHA", kDHE, aNULL, encAES256, macSHA1, verSSL3, clsHigh | flagFIPS | flagNotDefault, 256, 256, true},
	{0x003B, "NULL-SHA256", "TLS_RSA_WITH_NULL_SHA256", kRSA, aRSA, encNULL, macSHA256, verTLS12, clsNone, 0, 0, true},
	{0x003C, "AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256", kRSA, aRSA, encAES128, macSHA256, verTLS12, clsHigh | flagFIPS, 128, 128, true},
	{0x003D, "AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256", kRSA, aRSA, encAES256, macSHA256, verTLS12, clsHigh | flagFIPS, 256, 256, true},
	{0x0040, "DHE-DSS-AES128-SHA256", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", kDHE, aDSS, encAES128, macSHA256, verTLS12, clsHigh | flagFIPS | flagNotDefault, 128, 128, true},
	{0x0041, "CAMELLIA128-SHA", "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", kRSA, aRSA, encCAMELLIA128, macSHA1, verSSL3, clsHigh | flagNotDefault, 128, 128, true},
	{0x0044, "DHE-DSS-CAMELLIA128-SHA", "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", kDHE, aDSS, encCAMELLIA128, macSHA1, verSSL3, clsHigh | flagNotDefault, 128, 128, true},
	{0x0045, "DHE-RSA-CAMELLIA128-SHA", "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", kDHE, aRSA, encCAMELLIA128, macSHA1, verSSL3, clsHigh | flagNotDefault, 128, 128, true},
	{0x0046, "ADH-CAMELLIA128-SHA", "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", kDHE, aNULL, encCAMELLIA128, macSHA1, verSSL3, clsHigh | flagNotDefault, 128, 128, true},
	{0x0067, "DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", kDHE, aRSA, encAES128, macSHA256, verTLS12, clsHigh | flagFIPS, 128, 128, true},
	{0x006A, "DHE-DSS-AES256-SHA256", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", kDHE, aDSS, encAES256, macSHA256, verTLS12, clsHigh | flagFIPS | flagNotDefault, 256, 256, true},
	{0x006B, "DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", kDHE, aRSA, encAES256, macSHA256, verTLS12, clsHigh | flagFIPS, 256, 256, true},
	{0x006C, "ADH-AES128-SHA256", "TLS_DH_anon_WITH_AES_128_CBC_SHA256", kDHE, aNULL, encAES128, macSHA256, verTLS12, clsHigh | flagFIPS | flagNotDefault, 128, 128, true},
	{0x006D, "ADH-AES256-SHA256", "TLS_DH_anon_WITH_AES_256_CBC_SHA256", kDHE, aNULL, encAES256, macSHA256, verTLS12, clsHigh | flagFIPS | flagNotDefault, 256, 256, true},
	{0x0084, "CAMELLIA256-SHA", "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", kRSA, aRSA, encCAMELLIA256, macSHA1, verSSL3, clsHigh | flagNotDefault, 256, 256, true},
	{0x0087, "DHE-DSS-CAMELLIA256-SHA", "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", kDHE, aDSS, encCAMELLIA256, macSHA1, verSSL3, clsHigh | flagNotDefault, 256, 256, true},
	{0x0088, "DHE-RSA-CAMELLIA256-SHA", "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", kDHE, aRSA, encCAMELLIA256, macSHA1, verSSL3, clsHigh | flagNotDefault, 256, 256, true},
	{0x0089, "ADH-CAMELLIA256-SHA", "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", kDHE, aNULL, encCAMELLIA256, macSHA1, verSSL3, clsHigh | flagNotDefault, 256, 256, true},
	{0x008C, "PSK-AES128-CBC-SHA", "TLS_PSK_WITH_AES_128_CBC_SHA", kPSK, aPSK, encAES128, macSHA1, verSSL3, clsHigh | flagFIPS, 128, 128, true},
	{0x008D, "PSK-AES256-CBC-SHA", "TLS_PSK_WITH_AES_256_CBC_SHA", kPSK, aPSK, encAES256, macSHA1, verSSL3, clsHigh | flagFIPS, 256, 256, true},
	{0x0090, "DHE-PSK-AES128-CBC-SHA", "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", kDHEPSK, aPSK, encAES128, macSHA1, verSSL3, clsHigh | flagFIPS, 128, 128, true},
	{0x0091, "DHE-PSK-AES256-CBC-SHA", "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", kDHEPSK, aPSK, encAES256, macSHA1, verSSL3, clsHigh | flagFIPS, 256, 256, true},
	{0x0094, "RSA-PSK-AES128-CBC-SHA", "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", kRSAPSK, aRSA, encAES128, macSHA1, verSSL3, clsHigh | flagFIPS, 128, 128, true},
	{0x0095, "RSA-PSK-AES256-CBC-SHA", "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", kRSAPSK, aRSA, encAES256, macSHA1, verSSL3, clsHigh | flagFIPS, 256, 256, true},
	{0x009C, "AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", kRSA, aRSA, encAES128GCM, macAEAD, verTLS12, clsHigh | flagFIPS, 128, 128, true},
	{0x009D, "AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", kRSA, aRSA, encAES256GCM, macAEAD, verTLS12, clsHigh | flagFIPS, 256, 256, true},
	{0x009E, "DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", kDHE, aRSA, encAES128GCM, macAEAD, verTLS12, clsHigh | flagFIPS, 128, 128, true},
	{0x009F, "DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", kDHE, aRSA, encAES256GCM, macAEAD, verTLS12, clsHigh | flagFIPS, 256, 256, true},
	{0x00A2, "DHE-DSS-AES128-GCM-SHA256", "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", kDHE, aDSS, encAES128GCM, macAEAD, verTLS12, clsHigh | flagFIPS | flagNotDefault, 128, 128, true},
	{0x00A3, "DHE-DSS-AES256-GCM-SHA384", "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", kDHE, aDSS, encAES256GCM, macAEAD, verTLS12, clsHigh | flagFIPS | flagNotDefault, 256, 256, true},
	{0x00A6, "ADH-AES128-GCM-SHA256", "TLS_DH_anon_WITH_AES_128_GCM_SHA256", kDHE, aNULL, encAES128GCM, macAEAD, verTLS12, clsHigh | flagFIPS | flagNotDefault, 128, 128, true},
	{0x00A7, "ADH-AES256-GCM-SHA384", "TLS_DH_anon_WITH_AES_256_GCM_SHA384", kDHE, aNULL, encAES256GCM, macAEAD, verTLS12, clsHigh | flagFIPS | flagNotDefault, 256, 256, true},
	{0x00A8, "PSK-AES128-GCM-SHA256", "TLS_PSK_WITH_AES_128_GCM_SHA256", kPSK, aPSK, encAES128GCM, macAEAD, verTLS12, clsHigh | flagFIPS, 128, 128, true},
	{0x00A9, "PSK-AES256-GCM-SHA384", "TLS_PSK_WITH_AES_256_GCM_SHA384", kPSK, aPSK, encAES256GCM, macAEAD, verTLS12, clsHigh | flagFIPS, 256, 256, true},
	{0x00AA, "DHE-PSK-AES128-GCM-SHA256", "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", kDHEPSK, aPSK, encAES128GCM, macAEAD, verTLS12, clsHigh | flagFIPS, 128, 128, true},
	{0x00AB, "DHE-PSK-AES256-GCM-SHA384", "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", kDHEPSK, aPSK, encAES256GCM, macAEAD, verTLS12, clsHigh | flagFIPS, 256, 256, true},
	{0x00AC, "RSA-PSK-AES128-GCM-SHA256", "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", kRSAPSK, aRSA, encAES128GCM, macAEAD, verTLS12, clsHigh | flagFIPS, 128, 128, true},
	{0x00AD, "RSA-PSK-AES256-GCM-SHA384", "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", kRSAPSK, aRSA, encAES256GCM, macAEAD, verTLS12, clsHigh | flagFIPS, 256, 256, true},
	{0x00AE, "PSK-AES128-CBC-SHA256", "TLS_PSK_WITH_AES_128_CBC_SHA256", kPSK, aPSK, encAES128, macSHA256, verTLS1, clsHigh | flagFIPS, 128, 128, true},
	{0x00AF, "PSK-AES256-CBC-SHA384", "TLS_PSK_WITH_AES_256_CBC_SHA384", kPSK, aPSK, encAES256, macSHA384, verTLS1, clsHigh | flagFIPS, 256, 256, true},
	{0x00B0, "PSK-NULL-SHA256", "TLS_PSK_WITH_NULL_SHA256", kPSK, aPSK, encNULL, macSHA256, verTLS1, clsNone, 0, 0, true},
	{0x00B1, "PSK-NULL-SHA384", "TLS_PSK_WITH_NULL_SHA384", kPSK, aPSK, encNULL, macSHA384, verTLS1, clsNone, 0, 0, true},
	{0x00B2, "DHE-PSK-AES128-CBC-SHA256", "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", kDHEPSK, aPSK, encAES128, macSHA256, verTLS1, clsHigh | flagFIPS, 128, 128, true},
	{0x00B3, "DHE-PSK-AES256-CBC-SHA384", "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", kDHEPSK, aPSK, encAES256, macSHA384, verTLS1, clsHigh | flagFIPS, 256, 256, true},
	{0x00B4, "DHE-PSK-NULL-SHA256", "TLS_DHE_PSK_WITH_NULL_SHA256", kDHEPSK, aPSK, encNULL, macSHA256, verTLS1, clsNone, 0, 0, true},
	{0x00B5, "DHE-PSK-NULL-SHA384", "TLS_DHE_PSK_WITH_NULL_SHA384", kDHEPSK, aPSK, encNULL, macSHA384, verTLS1, clsNone, 0, 0, true},
	{0x00B6, "RSA-PSK-AES128-CBC-SHA256", "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", kRSAPSK, aRSA, encAES128, macSHA256, verTLS1, clsHigh | flagFIPS, 128, 128, true},
	{0x00B7, "RSA-PSK-AES256-CBC-SHA384", "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", kRSAPSK, aRSA, encAES256, macSHA384, verTLS1, clsHigh | flagFIPS, 256, 256, true},
	{0x00B8, "RSA-PSK-NULL-SHA256", "TLS_RSA_PSK_WITH_NULL_SHA256", kRSAPSK, aRSA, encNULL, macSHA256, verTLS1, clsNone, 0, 0, true},
	{0x00B9, "RSA-PSK-NULL-SHA384", "TLS_RSA_PSK_WITH_NULL_SHA384", kRSAPSK, aRSA, encNULL, macSHA384, verTLS1, clsNone, 0, 0, true},
	{0x00BA, "CAMELLIA128-SHA256", "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", kRSA, aRSA, encCAMELLIA128, macSHA256, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0x00BD, "DHE-DSS-CAMELLIA128-SHA256", "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", kDHE, aDSS, encCAMELLIA128, macSHA256, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0x00BE, "DHE-RSA-CAMELLIA128-SHA256", "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", kDHE, aRSA, encCAMELLIA128, macSHA256, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0x00BF, "ADH-CAMELLIA128-SHA256", "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", kDHE, aNULL, encCAMELLIA128, macSHA256, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0x00C0, "CAMELLIA256-SHA256", "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", kRSA, aRSA, encCAMELLIA256, macSHA256, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0x00C3, "DHE-DSS-CAMELLIA256-SHA256", "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", kDHE, aDSS, encCAMELLIA256, macSHA256, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0x00C4, "DHE-RSA-CAMELLIA256-SHA256", "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", kDHE, aRSA, encCAMELLIA256, macSHA256, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0x00C5, "ADH-CAMELLIA256-SHA256", "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", kDHE, aNULL, encCAMELLIA256, macSHA256, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC006, "ECDHE-ECDSA-NULL-SHA", "TLS_ECDHE_ECDSA_WITH_NULL_SHA", kECDHE, aECDSA, encNULL, macSHA1, verTLS1, clsNone, 0, 0, true},
	{0xC009, "ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", kECDHE, aECDSA, encAES128, macSHA1, verTLS1, clsHigh | flagFIPS, 128, 128, true},
	{0xC00A, "ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", kECDHE, aECDSA, encAES256, macSHA1, verTLS1, clsHigh | flagFIPS, 256, 256, true},
	{0xC010, "ECDHE-RSA-NULL-SHA", "TLS_ECDHE_RSA_WITH_NULL_SHA", kECDHE, aRSA, encNULL, macSHA1, verTLS1, clsNone, 0, 0, true},
	{0xC013, "ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", kECDHE, aRSA, encAES128, macSHA1, verTLS1, clsHigh | flagFIPS, 128, 128, true},
	{0xC014, "ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", kECDHE, aRSA, encAES256, macSHA1, verTLS1, clsHigh | flagFIPS, 256, 256, true},
	{0xC015, "AECDH-NULL-SHA", "TLS_ECDH_anon_WITH_NULL_SHA", kECDHE, aNULL, encNULL, macSHA1, verTLS1, clsNone, 0, 0, true},
	{0xC018, "AECDH-AES128-SHA", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", kECDHE, aNULL, encAES128, macSHA1, verTLS1, clsHigh | flagFIPS | flagNotDefault, 128, 128, true},
	{0xC019, "AECDH-AES256-SHA", "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", kECDHE, aNULL, encAES256, macSHA1, verTLS1, clsHigh | flagFIPS | flagNotDefault, 256, 256, true},
	{0xC01D, "SRP-AES-128-CBC-SHA", "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", kSRP, aSRP, encAES128, macSHA1, verSSL3, clsHigh, 128, 128, true},
	{0xC01E, "SRP-RSA-AES-128-CBC-SHA", "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", kSRP, aRSA, encAES128, macSHA1, verSSL3, clsHigh, 128, 128, true},
	{0xC01F, "SRP-DSS-AES-128-CBC-SHA", "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA", kSRP, aDSS, encAES128, macSHA1, verSSL3, clsHigh | flagNotDefault, 128, 128, true},
	{0xC020, "SRP-AES-256-CBC-SHA", "TLS_SRP_SHA_WITH_AES_256_CBC_SHA", kSRP, aSRP, encAES256, macSHA1, verSSL3, clsHigh, 256, 256, true},
	{0xC021, "SRP-RSA-AES-256-CBC-SHA", "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA", kSRP, aRSA, encAES256, macSHA1, verSSL3, clsHigh, 256, 256, true},
	{0xC022, "SRP-DSS-AES-256-CBC-SHA", "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA", kSRP, aDSS, encAES256, macSHA1, verSSL3, clsHigh | flagNotDefault, 256, 256, true},
	{0xC023, "ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", kECDHE, aECDSA, encAES128, macSHA256, verTLS12, clsHigh | flagFIPS, 128, 128, true},
	{0xC024, "ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", kECDHE, aECDSA, encAES256, macSHA384, verTLS12, clsHigh | flagFIPS, 256, 256, true},
	{0xC027, "ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", kECDHE, aRSA, encAES128, macSHA256, verTLS12, clsHigh | flagFIPS, 128, 128, true},
	{0xC028, "ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", kECDHE, aRSA, encAES256, macSHA384, verTLS12, clsHigh | flagFIPS, 256, 256, true},
	{0xC02B, "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", kECDHE, aECDSA, encAES128GCM, macAEAD, verTLS12, clsHigh | flagFIPS, 128, 128, true},
	{0xC02C, "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", kECDHE, aECDSA, encAES256GCM, macAEAD, verTLS12, clsHigh | flagFIPS, 256, 256, true},
	{0xC02F, "ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", kECDHE, aRSA, encAES128GCM, macAEAD, verTLS12, clsHigh | flagFIPS, 128, 128, true},
	{0xC030, "ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", kECDHE, aRSA, encAES256GCM, macAEAD, verTLS12, clsHigh | flagFIPS, 256, 256, true},
	{0xC035, "ECDHE-PSK-AES128-CBC-SHA", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", kECDHEPSK, aPSK, encAES128, macSHA1, verTLS1, clsHigh | flagFIPS, 128, 128, true},
	{0xC036, "ECDHE-PSK-AES256-CBC-SHA", "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", kECDHEPSK, aPSK, encAES256, macSHA1, verTLS1, clsHigh | flagFIPS, 256, 256, true},
	{0xC037, "ECDHE-PSK-AES128-CBC-SHA256", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", kECDHEPSK, aPSK, encAES128, macSHA256, verTLS1, clsHigh | flagFIPS, 128, 128, true},
	{0xC038, "ECDHE-PSK-AES256-CBC-SHA384", "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", kECDHEPSK, aPSK, encAES256, macSHA384, verTLS1, clsHigh | flagFIPS, 256, 256, true},
	{0xC039, "ECDHE-PSK-NULL-SHA", "TLS_ECDHE_PSK_WITH_NULL_SHA", kECDHEPSK, aPSK, encNULL, macSHA1, verTLS1, clsNone, 0, 0, true},
	{0xC03A, "ECDHE-PSK-NULL-SHA256", "TLS_ECDHE_PSK_WITH_NULL_SHA256", kECDHEPSK, aPSK, encNULL, macSHA256, verTLS1, clsNone, 0, 0, true},
	{0xC03B, "ECDHE-PSK-NULL-SHA384", "TLS_ECDHE_PSK_WITH_NULL_SHA384", kECDHEPSK, aPSK, encNULL, macSHA384, verTLS1, clsNone, 0, 0, true},
	{0xC050, "ARIA128-GCM-SHA256", "TLS_RSA_WITH_ARIA_128_GCM_SHA256", kRSA, aRSA, encARIA128GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC051, "ARIA256-GCM-SHA384", "TLS_RSA_WITH_ARIA_256_GCM_SHA384", kRSA, aRSA, encARIA256GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC052, "DHE-RSA-ARIA128-GCM-SHA256", "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", kDHE, aRSA, encARIA128GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC053, "DHE-RSA-ARIA256-GCM-SHA384", "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", kDHE, aRSA, encARIA256GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC056, "DHE-DSS-ARIA128-GCM-SHA256", "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256", kDHE, aDSS, encARIA128GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC057, "DHE-DSS-ARIA256-GCM-SHA384", "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384", kDHE, aDSS, encARIA256GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC05C, "ECDHE-ECDSA-ARIA128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", kECDHE, aECDSA, encARIA128GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC05D, "ECDHE-ECDSA-ARIA256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", kECDHE, aECDSA, encARIA256GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC060, "ECDHE-ARIA128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", kECDHE, aRSA, encARIA128GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC061, "ECDHE-ARIA256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", kECDHE, aRSA, encARIA256GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC06A, "PSK-ARIA128-GCM-SHA256", "TLS_PSK_WITH_ARIA_128_GCM_SHA256", kPSK, aPSK, encARIA128GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC06B, "PSK-ARIA256-GCM-SHA384", "TLS_PSK_WITH_ARIA_256_GCM_SHA384", kPSK, aPSK, encARIA256GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC06C, "DHE-PSK-ARIA128-GCM-SHA256", "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256", kDHEPSK, aPSK, encARIA128GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC06D, "DHE-PSK-ARIA256-GCM-SHA384", "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384", kDHEPSK, aPSK, encARIA256GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC06E, "RSA-PSK-ARIA128-GCM-SHA256", "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256", kRSAPSK, aRSA, encARIA128GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC06F, "RSA-PSK-ARIA256-GCM-SHA384", "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384", kRSAPSK, aRSA, encARIA256GCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC072, "ECDHE-ECDSA-CAMELLIA128-SHA256", "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", kECDHE, aECDSA, encCAMELLIA128, macSHA256, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC073, "ECDHE-ECDSA-CAMELLIA256-SHA384", "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", kECDHE, aECDSA, encCAMELLIA256, macSHA384, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC076, "ECDHE-RSA-CAMELLIA128-SHA256", "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", kECDHE, aRSA, encCAMELLIA128, macSHA256, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC077, "ECDHE-RSA-CAMELLIA256-SHA384", "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", kECDHE, aRSA, encCAMELLIA256, macSHA384, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC094, "PSK-CAMELLIA128-SHA256", "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", kPSK, aPSK, encCAMELLIA128, macSHA256, verTLS1, clsHigh | flagNotDefault, 128, 128, true},
	{0xC095, "PSK-CAMELLIA256-SHA384", "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", kPSK, aPSK, encCAMELLIA256, macSHA384, verTLS1, clsHigh | flagNotDefault, 256, 256, true},
	{0xC096, "DHE-PSK-CAMELLIA128-SHA256", "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", kDHEPSK, aPSK, encCAMELLIA128, macSHA256, verTLS1, clsHigh | flagNotDefault, 128, 128, true},
	{0xC097, "DHE-PSK-CAMELLIA256-SHA384", "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", kDHEPSK, aPSK, encCAMELLIA256, macSHA384, verTLS1, clsHigh | flagNotDefault, 256, 256, true},
	{0xC098, "RSA-PSK-CAMELLIA128-SHA256", "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", kRSAPSK, aRSA, encCAMELLIA128, macSHA256, verTLS1, clsHigh | flagNotDefault, 128, 128, true},
	{0xC099, "RSA-PSK-CAMELLIA256-SHA384", "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", kRSAPSK, aRSA, encCAMELLIA256, macSHA384, verTLS1, clsHigh | flagNotDefault, 256, 256, true},
	{0xC09A, "ECDHE-PSK-CAMELLIA128-SHA256", "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", kECDHEPSK, aPSK, encCAMELLIA128, macSHA256, verTLS1, clsHigh | flagNotDefault, 128, 128, true},
	{0xC09B, "ECDHE-PSK-CAMELLIA256-SHA384", "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", kECDHEPSK, aPSK, encCAMELLIA256, macSHA384, verTLS1, clsHigh | flagNotDefault, 256, 256, true},
	{0xC09C, "AES128-CCM", "TLS_RSA_WITH_AES_128_CCM", kRSA, aRSA, encAES128CCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC09D, "AES256-CCM", "TLS_RSA_WITH_AES_256_CCM", kRSA, aRSA, encAES256CCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC09E, "DHE-RSA-AES128-CCM", "TLS_DHE_RSA_WITH_AES_128_CCM", kDHE, aRSA, encAES128CCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC09F, "DHE-RSA-AES256-CCM", "TLS_DHE_RSA_WITH_AES_256_CCM", kDHE, aRSA, encAES256CCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC0A0, "AES128-CCM8", "TLS_RSA_WITH_AES_128_CCM_8", kRSA, aRSA, encAES128CCM8, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC0A1, "AES256-CCM8", "TLS_RSA_WITH_AES_256_CCM_8", kRSA, aRSA, encAES256CCM8, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC0A2, "DHE-RSA-AES128-CCM8", "TLS_DHE_RSA_WITH_AES_128_CCM_8", kDHE, aRSA, encAES128CCM8, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC0A3, "DHE-RSA-AES256-CCM8", "TLS_DHE_RSA_WITH_AES_256_CCM_8", kDHE, aRSA, encAES256CCM8, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC0A4, "PSK-AES128-CCM", "TLS_PSK_WITH_AES_128_CCM", kPSK, aPSK, encAES128CCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC0A5, "PSK-AES256-CCM", "TLS_PSK_WITH_AES_256_CCM", kPSK, aPSK, encAES256CCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC0A6, "DHE-PSK-AES128-CCM", "TLS_DHE_PSK_WITH_AES_128_CCM", kDHEPSK, aPSK, encAES128CCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC0A7, "DHE-PSK-AES256-CCM", "TLS_DHE_PSK_WITH_AES_256_CCM", kDHEPSK, aPSK, encAES256CCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC0A8, "PSK-AES128-CCM8", "TLS_PSK_WITH_AES_128_CCM_8", kPSK, aPSK, encAES128CCM8, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC0A9, "PSK-AES256-CCM8", "TLS_PSK_WITH_AES_256_CCM_8", kPSK, aPSK, encAES256CCM8, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC0AA, "DHE-PSK-AES128-CCM8", "TLS_PSK_DHE_WITH_AES_128_CCM_8", kDHEPSK, aPSK, encAES128CCM8, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC0AB, "DHE-PSK-AES256-CCM8", "TLS_PSK_DHE_WITH_AES_256_CCM_8", kDHEPSK, aPSK, encAES256CCM8, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC0AC, "ECDHE-ECDSA-AES128-CCM", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", kECDHE, aECDSA, encAES128CCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC0AD, "ECDHE-ECDSA-AES256-CCM", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", kECDHE, aECDSA, encAES256CCM, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xC0AE, "ECDHE-ECDSA-AES128-CCM8", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", kECDHE, aECDSA, encAES128CCM8, macAEAD, verTLS12, clsHigh | flagNotDefault, 128, 128, true},
	{0xC0AF, "ECDHE-ECDSA-AES256-CCM8", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", kECDHE, aECDSA, encAES256CCM8, macAEAD, verTLS12, clsHigh | flagNotDefault, 256, 256, true},
	{0xCCA8, "ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", kECDHE, aRSA, encCHACHA20POLY1305, macAEAD, verTLS12, clsHigh, 256, 256, true},
	{0xCCA9, "ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", kECDHE, aECDSA, encCHACHA20POLY1305, macAEAD, verTLS12, clsHigh, 256, 256, true},
	{0xCCAA, "DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", kDHE, aRSA, encCHACHA20POLY1305, macAEAD, verTLS12, clsHigh, 256, 256, true},
	{0xCCAB, "PSK-CHACHA20-POLY1305", "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", kPSK, aPSK, encCHACHA20POLY1305, macAEAD, verTLS12, clsHigh, 256, 256, true},
	{0xCCAC, "ECDHE-PSK-CHACHA20-POLY1305", "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", kECDHEPSK, aPSK, encCHACHA20POLY1305, macAEAD, verTLS12, clsHigh, 256, 256, true},
	{0xCCAD, "DHE-PSK-CHACHA20-POLY1305", "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", kDHEPSK, aPSK, encCHACHA20POLY1305, macAEAD, verTLS12, clsHigh, 256, 256, true},
	{0xCCAE, "RSA-PSK-CHACHA20-POLY1305", "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", kRSAPSK, aRSA, encCHACHA20POLY1305, macAEAD, verTLS12, clsHigh, 256, 256, true},

	// Export-grade suites (40-bit keys), offered by default until OpenSSL
	// 1.0.1s/1.0.2g; Kx is printed with the 512-bit export key size.
	{0x0003, "EXP-RC4-MD5", "TLS_RSA_EXPORT_WITH_RC4_40_MD5", kRSA, aRSA, encRC4, macMD5, verSSL3, clsExport40 | flagNotDefault, 40, 128, false},
	{0x0006, "EXP-RC2-CBC-MD5", "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", kRSA, aRSA, encRC2, macMD5, verSSL3, clsExport40 | flagNotDefault, 40, 128, false},
	{0x0008, "EXP-DES-CBC-SHA", "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", kRSA, aRSA, encDES, macSHA1, verSSL3, clsExport40 | flagNotDefault, 40, 56, false},
	{0x0011, "EXP-EDH-DSS-DES-CBC-SHA", "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", kDHE, aDSS, encDES, macSHA1, verSSL3, clsExport40 | flagNotDefault, 40, 56, false},
	{0x0014, "EXP-EDH-RSA-DES-CBC-SHA", "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", kDHE, aRSA, encDES, macSHA1, verSSL3, clsExport40 | flagNotDefault, 40, 56, false},
	{0x0017, "EXP-ADH-RC4-MD5", "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5", kDHE, aNULL, encRC4, macMD5, verSSL3, clsExport40 | flagNotDefault, 40, 128, false},
	{0x0019, "EXP-ADH-DES-CBC-SHA", "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA", kDHE, aNULL, encDES, macSHA1, verSSL3, clsExport40 | flagNotDefault, 40, 56, false},

	// Single DES (LOW), removed in OpenSSL 1.1.0; 1.0.x spelled DHE as EDH.
	{0x0009, "DES-CBC-SHA", "TLS_RSA_WITH_DES_CBC_SHA", kRSA, aRSA, encDES, macSHA1, verSSL3, clsLow | flagNotDefault, 56, 56, false},
	{0x0012, "EDH-DSS-DES-CBC-SHA", "TLS_DHE_DSS_WITH_DES_CBC_SHA", kDHE, aDSS, encDES, macSHA1, verSSL3, clsLow | flagNotDefault, 56, 56, false},
	{0x0015, "EDH-RSA-DES-CBC-SHA", "TLS_DHE_RSA_WITH_DES_CBC_SHA", kDHE, aRSA, encDES, macSHA1, verSSL3, clsLow | flagNotDefault, 56, 56, false},
	{0x001A, "ADH-DES-CBC-SHA", "TLS_DH_anon_WITH_DES_CBC_SHA", kDHE, aNULL, encDES, macSHA1, verSSL3, clsLow | flagNotDefault, 56, 56, false},

	// RC4: MEDIUM and outside DEFAULT from OpenSSL 1.1.0, which only builds
	// them with enable-weak-ssl-ciphers.
	{0x0004, "RC4-MD5", "TLS_RSA_WITH_RC4_128_MD5", kRSA, aRSA, encRC4, macMD5, verSSL3, clsMedium | flagNotDefault, 128, 128, false},
	{0x0005, "RC4-SHA", "TLS_RSA_WITH_RC4_128_SHA", kRSA, aRSA, encRC4, macSHA1, verSSL3, clsMedium | flagNotDefault, 128, 128, false},
	{0x0018, "ADH-RC4-MD5", "TLS_DH_anon_WITH_RC4_128_MD5", kDHE, aNULL, encRC4, macMD5, verSSL3, clsMedium | flagNotDefault, 128, 128, false},
	{0x008A, "PSK-RC4-SHA", "TLS_PSK_WITH_RC4_128_SHA", kPSK, aPSK, encRC4, macSHA1, verSSL3, clsMedium | flagNotDefault, 128, 128, false},
	{0x008E, "DHE-PSK-RC4-SHA", "TLS_DHE_PSK_WITH_RC4_128_SHA", kDHEPSK, aPSK, encRC4, macSHA1, verSSL3, clsMedium | flagNotDefault, 128, 128, false},
	{0x0092, "RSA-PSK-RC4-SHA", "TLS_RSA_PSK_WITH_RC4_128_SHA", kRSAPSK, aRSA, encRC4, macSHA1, verSSL3, clsMedium | flagNotDefault, 128, 128, false},
	{0xC007, "ECDHE-ECDSA-RC4-SHA", "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", kECDHE, aECDSA, encRC4, macSHA1, verTLS1, clsMedium | flagNotDefault, 128, 128, false},
	{0xC011, "ECDHE-RSA-RC4-SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA", kECDHE, aRSA, encRC4, macSHA1, verTLS1, clsMedium | flagNotDefault, 128, 128, false},
	{0xC016, "AECDH-RC4-SHA", "TLS_ECDH_anon_WITH_RC4_128_SHA", kECDHE, aNULL, encRC4, macSHA1, verTLS1, clsMedium | flagNotDefault, 128, 128, false},
	{0xC033, "ECDHE-PSK-RC4-SHA", "TLS_ECDHE_PSK_WITH_RC4_128_SHA", kECDHEPSK, aPSK, encRC4, macSHA1, verTLS1, clsMedium | flagNotDefault, 128, 128, false},

	// Triple DES: HIGH until OpenSSL 1.1.0 made it MEDIUM and non-default
	// (strength 112 bits, Sweet32); OpenSSL 3 no longer builds it by default.
	{0x000A, "DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", kRSA, aRSA, enc3DES, macSHA1, verSSL3, clsMedium | flagFIPS | flagNotDefault, 112, 168, false},
	{0x0013, "DHE-DSS-DES-CBC3-SHA", "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", kDHE, aDSS, enc3DES, macSHA1, verSSL3, clsMedium | flagFIPS | flagNotDefault, 112, 168, false},
	{0x0016, "DHE-RSA-DES-CBC3-SHA", "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", kDHE, aRSA, enc3DES, macSHA1, verSSL3, clsMedium | flagFIPS | flagNotDefault, 112, 168, false},
	{0x001B, "ADH-DES-CBC3-SHA", "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", kDHE, aNULL, enc3DES, macSHA1, verSSL3, clsMedium | flagFIPS | flagNotDefault, 112, 168, false},
	{0x008B, "PSK-3DES-EDE-CBC-SHA", "TLS_PSK_WITH_3DES_EDE_CBC_SHA", kPSK, aPSK, enc3DES, macSHA1, verSSL3, clsMedium | flagFIPS | flagNotDefault, 112, 168, false},
	{0x008F, "DHE-PSK-3DES-EDE-CBC-SHA", "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA", kDHEPSK, aPSK, enc3DES, macSHA1, verSSL3, clsMedium | flagFIPS | flagNotDefault, 112, 168, false},
	{0x0093, "RSA-PSK-3DES-EDE-CBC-SHA", "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA", kRSAPSK, aRSA, enc3DES, macSHA1, verSSL3, clsMedium | flagFIPS | flagNotDefault, 112, 168, false},
	{0xC008, "ECDHE-ECDSA-DES-CBC3-SHA", "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", kECDHE, aECDSA, enc3DES, macSHA1, verTLS1, clsMedium | flagFIPS | flagNotDefault, 112, 168, false},
	{0xC012, "ECDHE-RSA-DES-CBC3-SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", kECDHE, aRSA, enc3DES, macSHA1, verTLS1, clsMedium | flagFIPS | flagNotDefault, 112, 168, false},
	{0xC017, "AECDH-DES-CBC3-SHA", "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", kECDHE, aNULL, enc3DES, macSHA1, verTLS1, clsMedium | flagFIPS | flagNotDefault, 112, 168, false},
	{0xC01A, "SRP-3DES-EDE-CBC-SHA", "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA", kSRP, aSRP, enc3DES, macSHA1, verSSL3, clsMedium | flagNotDefault, 112, 168, false},
	{0xC01B, "SRP-RSA-3DES-EDE-CBC-SHA", "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", kSRP, aRSA, enc3DES, macSHA1, verSSL3, clsMedium | flagNotDefault, 112, 168, false},
	{0xC01C, "SRP-DSS-3DES-EDE-CBC-SHA", "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA", kSRP, aDSS, enc3DES, macSHA1, verSSL3, clsMedium | flagNotDefault, 112, 168, false},
	{0xC034, "ECDHE-PSK-3DES-EDE-CBC-SHA", "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA", kECDHEPSK, aPSK, enc3DES, macSHA1, verTLS1, clsMedium | flagFIPS | flagNotDefault, 112, 168, false},

	// IDEA and SEED live in OpenSSL 3's legacy provider, so a default
	// build cannot offer them.
	{0x0007, "IDEA-CBC-SHA", "TLS_RSA_WITH_IDEA_CBC_SHA", kRSA, aRSA, encIDEA, macSHA1, verSSL3, clsMedium | flagNotDefault, 128, 128, false},
	{0x0096, "SEED-SHA", "TLS_RSA_WITH_SEED_CBC_SHA", kRSA, aRSA, encSEED, macSHA1, verSSL3, clsMedium | flagNotDefault, 128, 128, false},
	{0x0099, "DHE-DSS-SEED-SHA", "TLS_DHE_DSS_WITH_SEED_CBC_SHA", kDHE, aDSS, encSEED, macSHA1, verSSL3, clsMedium | flagNotDefault, 128, 128, false},
	{0x009A, "DHE-RSA-SEED-SHA", "TLS_DHE_RSA_WITH_SEED_CBC_SHA", kDHE, aRSA, encSEED, macSHA1, verSSL3, clsMedium | flagNotDefault, 128, 128, false},
	{0x009B, "ADH-SEED-SHA", "TLS_DH_anon_WITH_SEED_CBC_SHA", kDHE, aNULL, encSEED, macSHA1, verSSL3, clsMedium | flagNotDefault, 128, 128, false},
}

var (
	cipherTable  []*Cipher          // by ID, ascending
	cipherByName map[string]*Cipher // OpenSSL and IANA names
	cipherByID   map[uint16]*Cipher
)

func init() {
	cipherTable = make([]*Cipher, 0, len(cipherRows))
	cipherByName = make(map[string]*Cipher, 2*len(cipherRows))
	cipherByID = make(map[uint16]*Cipher, len(cipherRows))
	for i := range cipherRows {
		r := &cipherRows[i]
		c := &Cipher{
			Name: r.name, IANA: r.iana, ID: r.id,
			Kx:       kxName(r.kx, r.strength),
			Au:       auName(r.au),
			Enc:      encName(r.enc, r.strength, r.algBits),
			Mac:      macName(r.mac),
			Protocol: versionName(r.minVer),
			Bits:     r.bits, AlgBits: r.algBits,
			Class:    className(r.strength),
			OpenSSL3: r.openssl3,
			kx:       r.kx, au: r.au, enc: r.enc, mac: r.mac,
			minVer: r.minVer, strength: r.strength,
		}
		cipherTable = append(cipherTable, c)
		cipherByName[c.Name] = c
		cipherByName[c.IANA] = c
		cipherByID[c.ID] = c
	}
	sort.Slice(cipherTable, func(i, j int) bool { return cipherTable[i].ID < cipherTable[j].ID })
	for i, c := range cipherTable {
		c.idx = i
	}
}

// AllCiphers returns every suite in the table, by ID.
func AllCiphers() []*Cipher { return append([]*Cipher(nil), cipherTable...) }

// CipherByName finds a suite by its OpenSSL name (ECDHE-RSA-AES128-SHA) or
// its IANA name (TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA). Names are
// case-sensitive, as in OpenSSL.
func CipherByName(name string) (*Cipher, bool) {
	c, ok := cipherByName[name]
	return c, ok
}

// CipherByID finds a suite by its two-byte wire value.
func CipherByID(id uint16) (*Cipher, bool) {
	c, ok := cipherByID[id]
	return c, ok
}

func kxName(kx, strength uint32) string {
	export := strength&exportMask != 0
	switch kx {
	case kRSA:
		if export {
			return "RSA(512)"
		}
		return "RSA"
	case kDHE:
		if export {
			return "DH(512)"
		}
		return "DH"
	case kECDHE:
		return "ECDH"
	case kPSK:
		return "PSK"
	case kRSAPSK:
		return "RSAPSK"
	case kECDHEPSK:
		return "ECDHEPSK"
	case kDHEPSK:
		return "DHEPSK"
	case kSRP:
		return "SRP"
	}
	return "unknown"
}

func auName(au uint32) string {
	switch au {
	case aRSA:
		return "RSA"
	case aDSS:
		return "DSS"
	case aNULL:
		return "None"
	case aECDSA:
		return "ECDSA"
	case aPSK:
		return "PSK"
	case aSRP:
		return "SRP"
	}
	return "unknown"
}

func encName(enc, strength uint32, algBits int) string {
	// Export suites print their effective key size, as OpenSSL 1.0 did.
	if strength&exportMask != 0 {
		switch enc {
		case encDES:
			return "DES(40)"
		case encRC4:
			return "RC4(40)"
		case encRC2:
			return "RC2(40)"
		}
	}
	switch enc {
	case encDES:
		return "DES(56)"
	case enc3DES:
		return "3DES(168)"
	case encRC4:
		return "RC4(128)"
	case encRC2:
		return "RC2(128)"
	case encIDEA:
		return "IDEA(128)"
	case encNULL:
		return "None"
	case encAES128, encAES256:
		return "AES(" + strconv.Itoa(algBits) + ")"
	case encCAMELLIA128, encCAMELLIA256:
		return "Camellia(" + strconv.Itoa(algBits) + ")"
	case encSEED:
		return "SEED(128)"
	case encAES128GCM, encAES256GCM:
		return "AESGCM(" + strconv.Itoa(algBits) + ")"
	case encAES128CCM, encAES256CCM:
		return "AESCCM(" + strconv.Itoa(algBits) + ")"
	case encAES128CCM8, encAES256CCM8:
		return "AESCCM8(" + strconv.Itoa(algBits) + ")"
	case encCHACHA20POLY1305:
		return "CHACHA20/POLY1305(256)"
	case encARIA128GCM, encARIA256GCM:
		return "ARIAGCM(" + strconv.Itoa(algBits) + ")"
	}
	return "unknown"
}

func macName(mac uint32) string {
	switch mac {
	case macMD5:
		return "MD5"
	case macSHA1:
		return "SHA1"
	case macSHA256:
		return "SHA256"
	case macSHA384:
		return "SHA384"
	case macAEAD:
		return "AEAD"
	}
	return "unknown"
}

func versionName(v uint16) string {
	switch v {
	case verSSL3:
		return "SSLv3"
	case verTLS1:
		return "TLSv1"
	case verTLS12:
		return "TLSv1.2"
	}
	return "unknown"
}

func className(strength uint32) string {
	switch {
	case strength&clsHigh != 0:
		return "HIGH"
	case strength&clsMedium != 0:
		return "MEDIUM"
	case strength&clsLow != 0:
		return "LOW"
	case strength&exportMask != 0:
		return "EXPORT"
	}
	return "NONE"
}
