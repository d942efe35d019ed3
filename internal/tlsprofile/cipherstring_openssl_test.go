package tlsprofile

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/wssgen/wssgen/internal/testenv"
)

// realOpenSSL runs the machine's openssl with an empty configuration, so
// neither a distribution's CipherString nor its security level leaks in.
type realOpenSSL struct {
	t     *testing.T
	bin   string
	conf  string
	minor int // 3.minor
}

func newRealOpenSSL(t *testing.T) *realOpenSSL {
	t.Helper()
	bin := testenv.LookPath(t, "openssl", "openssl")
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("openssl version: %v", err)
	}
	m := regexp.MustCompile(`^OpenSSL 3\.(\d+)\.`).FindSubmatch(out)
	if m == nil {
		t.Skipf("the evaluator follows OpenSSL 3; %s is %s", bin, bytes.TrimSpace(out))
	}
	minor, _ := strconv.Atoi(string(m[1]))
	conf := filepath.Join(t.TempDir(), "openssl.cnf")
	if err := os.WriteFile(conf, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return &realOpenSSL{t: t, bin: bin, conf: conf, minor: minor}
}

// outcome is a list of suite names or the reason OpenSSL refused the string.
type outcome struct {
	names []string
	err   string // "", "no cipher match" or "invalid command"
}

func (o outcome) String() string {
	if o.err != "" {
		return "error: " + o.err
	}
	return strings.Join(o.names, ":")
}

// ciphers runs `openssl ciphers` on s. With supported set it lists what a
// TLS 1.2 handshake may use (-s), including PSK and SRP suites, which the
// security level filters; otherwise the configured list. TLS 1.3 suites
// are emptied with -ciphersuites "".
func (o *realOpenSSL) ciphers(s string, supported bool) outcome {
	o.t.Helper()
	args := []string{"ciphers"}
	if supported {
		args = append(args, "-s", "-psk", "-srp", "-tls1_2")
	}
	args = append(args, "-ciphersuites", "", "--", s)
	cmd := exec.Command(o.bin, args...)
	cmd.Env = append(os.Environ(), "OPENSSL_CONF="+o.conf)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		for _, reason := range []string{"no cipher match", "invalid command"} {
			if strings.Contains(stderr.String(), reason) {
				return outcome{err: reason}
			}
		}
		o.t.Fatalf("openssl ciphers %q: %v\n%s", s, err, stderr.Bytes())
	}
	line := strings.TrimSpace(stdout.String())
	if line == "" {
		return outcome{}
	}
	return outcome{names: strings.Split(line, ":")}
}

// defaultLevel finds the security level the binary applies when a string
// has no @SECLEVEL (Debian builds with 2). Levels that filter this
// universe identically are interchangeable, so the first match will do.
func (o *realOpenSSL) defaultLevel() int {
	o.t.Helper()
	const all = "ALL:COMPLEMENTOFALL"
	plain := o.ciphers(all, true).String()
	for n := 0; n <= 5; n++ {
		if o.ciphers(all+":@SECLEVEL="+strconv.Itoa(n), true).String() == plain {
			return n
		}
	}
	o.t.Fatal("no @SECLEVEL reproduces the default security level")
	return 0
}

func ours(s string, opts Options, supported bool) outcome {
	res, err := Evaluate(s, opts)
	if err != nil {
		var se *SyntaxError
		switch {
		case errors.As(err, &se):
			return outcome{err: "invalid command"}
		case errors.Is(err, ErrNoCipherMatch):
			return outcome{err: "no cipher match"}
		}
		return outcome{err: err.Error()}
	}
	list := res.Configured
	if supported {
		list = res.Ciphers
	}
	var names []string
	for _, c := range list {
		names = append(names, c.Name)
	}
	return outcome{names: names}
}

// TestTableMatchesOpenSSL checks every OpenSSL3 row against what the real
// library reports for it, and that no suite the library offers is missing.
func TestTableMatchesOpenSSL(t *testing.T) {
	o := newRealOpenSSL(t)
	cmd := exec.Command(o.bin, "ciphers", "-V", "-stdname", "-ciphersuites", "", "ALL:COMPLEMENTOFALL:@SECLEVEL=0")
	cmd.Env = append(os.Environ(), "OPENSSL_CONF="+o.conf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openssl ciphers -V: %v", err)
	}
	line := regexp.MustCompile(`^\s*0x([0-9A-F]{2}),0x([0-9A-F]{2}) - (\S+)\s+- (\S+)\s+(\S+)\s+Kx=(\S+)\s+Au=(\S+)\s+Enc=(\S+)\s+Mac=(\S+)`)
	seen := map[uint16]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("unexpected line %q", l)
		}
		id64, _ := strconv.ParseUint(m[1]+m[2], 16, 16)
		id := uint16(id64)
		seen[id] = true
		c, ok := CipherByID(id)
		if !ok {
			t.Errorf("0x%04X %s is missing from the table", id, m[4])
			continue
		}
		got := []string{c.IANA, c.Name, c.Protocol, c.Kx, c.Au, c.Enc, c.Mac}
		if want := m[3:10]; !slices.Equal(got, want) {
			t.Errorf("0x%04X: table has %q, openssl says %q", id, got, want)
		}
		if !c.OpenSSL3 {
			t.Errorf("%s is offered by OpenSSL 3 but not marked OpenSSL3", c.Name)
		}
	}
	for _, c := range AllCiphers() {
		if c.OpenSSL3 && !seen[c.ID] {
			t.Errorf("%s is marked OpenSSL3 but this OpenSSL 3.%d does not offer it", c.Name, o.minor)
		}
	}
	t.Logf("%d suites offered by OpenSSL 3.%d match the table", len(seen), o.minor)
}

// TestEvaluateAgainstOpenSSL is the differential test: every generated and
// hand-written string must give the same list, in the same order, or the
// same refusal, as the real `openssl ciphers`, both for the configured
// list and for what the security level leaves (-s).
func TestEvaluateAgainstOpenSSL(t *testing.T) {
	o := newRealOpenSSL(t)
	level := o.defaultLevel()
	strs := differentialStrings()
	if testing.Short() {
		strs = strs[:len(strs)/4]
	}
	opts := Options{OpenSSL3Only: true, SecurityLevel: level}

	var runs, agree int
	var failed []string
	for _, s := range strs {
		for _, supported := range []bool{false, true} {
			runs++
			want := o.ciphers(s, supported)
			got := ours(s, opts, supported)
			if got.String() == want.String() {
				agree++
				continue
			}
			mode := "configured"
			if supported {
				mode = "-s"
			}
			failed = append(failed, s)
			if len(failed) <= 25 {
				t.Errorf("%q (%s):\n got %s\nwant %s", s, mode, got, want)
			}
		}
	}
	t.Logf("OpenSSL 3.%d, default security level %d (or one that filters alike): %d strings, %d/%d runs agree",
		o.minor, level, len(strs), agree, runs)
	if len(failed) > 25 {
		t.Errorf("%d disagreements in all", len(failed))
	}
}

// differentialStrings builds the strings for the differential test:
// every word alone, every word under each operator, intersections,
// @STRENGTH and @SECLEVEL placements, DEFAULT forms, parser corner cases,
// seeded random combinations and strings copied from real tutorials.
func differentialStrings() []string {
	var words []string
	for w := range aliases {
		words = append(words, w)
	}
	sort.Strings(words)
	words = append(words,
		"DEFAULT", "FOO", "SSLv2", "TLSv1.1", "KRB5", "kGOST", "GOST", "aGOST", "DTLSv1",
		"ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA", "DHE-DSS-AES256-SHA256", "PSK-AES128-CCM8",
		"SRP-DSS-AES-128-CBC-SHA", "NULL-MD5", "AECDH-NULL-SHA", "ECDHE-ECDSA-CHACHA20-POLY1305",
		"RC4-SHA", "DES-CBC3-SHA", "EXP-RC4-MD5", "TLS_RSA_WITH_AES_128_CBC_SHA")

	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, w := range words {
		add(w)
		add("ALL:!" + w)
		add("ALL:COMPLEMENTOFALL:-" + w + ":" + w)
		add("ALL:+" + w)
		add(w + ":@STRENGTH")
	}

	pairs := []string{"HIGH", "FIPS", "ALL", "COMPLEMENTOFDEFAULT", "ECDHE", "kECDHE", "aNULL", "PSK",
		"RSA", "AES", "AESGCM", "AES128", "SHA1", "TLSv1", "TLSv1.2", "CBC", "eNULL", "AES128-SHA"}
	for _, a := range pairs {
		for _, b := range pairs {
			add(a + "+" + b)
		}
	}
	for _, a := range pairs[:6] {
		for _, b := range pairs[6:12] {
			add(a + ":!" + b)
			add(b + ":-" + a + ":+" + a)
		}
	}

	for n := 0; n <= 5; n++ {
		l := strconv.Itoa(n)
		add("ALL:COMPLEMENTOFALL:@SECLEVEL=" + l)
		add("HIGH@SECLEVEL=" + l)
		add("DEFAULT:@SECLEVEL=" + l)
		add("@SECLEVEL=" + l + ":PSK:SRP:aNULL:eNULL")
		add("DHE-PSK-AES128-GCM-SHA256:ECDHE-PSK-AES128-CBC-SHA:AES128-SHA:@SECLEVEL=" + l)
	}

	for _, w := range []string{"aNULL", "AES256", "SHA1", "RSA", "PSK", "CHACHA20", "COMPLEMENTOFDEFAULT"} {
		add("DEFAULT:!" + w)
		add("DEFAULT:+" + w)
		add("DEFAULT:-" + w + ":" + w)
		add("DEFAULT" + w)
	}

	// Parser corner cases.
	for _, s := range []string{
		"", " ", ":", "::HIGH::", "HIGH;MEDIUM", "HIGH,aNULL", "HIGH aNULL", "HIGH!MD5", "HIGH@STRENGTH",
		"HIGH:@STRENGTH:+SHA1", "HIGH(", "HIGH:(x)", "HIGH:@FOO", "HIGH:@", "@", "HIGH:!", "HIGH:+",
		"HIGH:-", "HIGH:ALL+", "kRSA+AES+", "HIGH++MEDIUM", "--HIGH", "!!HIGH", "HIGH-MEDIUM",
		"HIGH:@SECLEVEL=9", "HIGH:@SECLEVEL=22", "HIGH:@SECLEVEL=", "HIGH:@SECLEVEL=a", "HIGH:@STRENGTHX",
		"HIGH:@STRENGTH+FOO", "HIGH:@SECLEVEL=1+x", "DEFAULTX", "DEFAULT:", "DEFAULT::HIGH",
		"XDEFAULT", "HIGH:DEFAULT", "SUITEB128", "SUITEB128ONLY", "SUITEB128C2", "SUITEB192",
		"SUITEB128:RSA", "SUITEB192X", "high", "aes128-sha", "FOO+HIGH", "HIGH+FOO", "FOO!HIGH",
		"HIGH:FOO!MD5", "AES128-SHA+RSA", "RSA+AES128-SHA", "AES128-SHA+ECDHE", "AES128-SHA+SHA1",
		"ECDHE+AES128-SHA", "COMPLEMENTOFDEFAULT+HIGH", "HIGH+COMPLEMENTOFDEFAULT",
		"SHA256+TLSv1.2", "TLSv1.2+SHA", "TLSv1+SSLv3", "TLSv1.0+TLSv1", "HIGH+FIPS",
		"EDH-RSA-DES-CBC3-SHA", "EDH-DSS-DES-CBC3-SHA:HIGH", "ALL:-ALL", "ALL:!ALL:ALL",
		"ALL:-HIGH:ECDHE:HIGH", "NULL:!eNULL", "ECDHE:-ECDSA:+RSA:ECDSA", "ALL:@STRENGTH:-AES:AES",
		"-ALL:HIGH", "+HIGH:HIGH", "!aNULL:HIGH", "ALL:+MEDIUM", "HIGH:+MEDIUM", "+MEDIUM",
		"HIGH\tMEDIUM", "HIGH:é",
	} {
		add(s)
	}

	// Strings copied from tutorials, FAQs, distributions and Mozilla.
	for _, s := range []string{
		"HIGH:!aNULL:!MD5",
		"ALL:!ADH:!EXPORT56:RC4+RSA:+HIGH:+MEDIUM:+LOW:+SSLv2:+EXP",
		"HIGH:!RC4:!MD5:!aNULL:!eNULL:!NULL:!DH:!EDH:!EXP:+MEDIUM",
		"HIGH:MEDIUM:!aNULL:!MD5:!RC4",
		"RC4:HIGH:!aNULL:!MD5",
		"ECDHE-RSA-AES128-SHA256:AES128-GCM-SHA256:RC4:HIGH:!MD5:!aNULL:!EDH",
		"EECDH+AESGCM:EDH+AESGCM",
		"EECDH+AESGCM:EDH+AESGCM:AES256+EECDH:AES256+EDH",
		"AES128+EECDH:AES128+EDH",
		"HIGH:!aNULL:!eNULL:!EXPORT:!DES:!MD5:!PSK:!RC4",
		"ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:ECDH+3DES:DH+3DES:RSA+AESGCM:RSA+AES:RSA+3DES:!aNULL:!MD5:!DSS",
		"kEECDH+ECDSA+AES128:kEECDH+ECDSA+AES256:kEECDH+AES128:kEECDH+AES256:kEDH+AES128:kEDH+AES256:DES-CBC3-SHA:+SHA:!aNULL:!eNULL:!LOW:!kECDH:!DSS:!MD5:!RC4:!EXP:!PSK:!SRP:!CAMELLIA:!SEED",
		"EECDH+CHACHA20:EECDH+AES128:RSA+AES128:EECDH+AES256:RSA+AES256:EECDH+3DES:RSA+3DES:!MD5",
		"DEFAULT:!aNULL:!eNULL:!LOW:!EXPORT:!SSLv2:!MD5",
		"ALL:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!aECDH:!EDH-DSS-DES-CBC3-SHA:!EDH-RSA-DES-CBC3-SHA:!KRB5-DES-CBC3-SHA",
		"EECDH:+CAMELLIA256:+AES256:+CAMELLIA128:+AES128:+SSLv3:!aNULL:!eNULL:!LOW:!3DES:!MD5:!EXP:!PSK:!DSS:!RC4:!SEED:!ECDSA:CAMELLIA256-SHA:AES256-SHA:CAMELLIA128-SHA:AES128-SHA",
		"ECDHE-RSA-AES256-GCM-SHA512:DHE-RSA-AES256-GCM-SHA512:ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-SHA384",
		"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384",
		"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA",
		Intermediate().CipherString(),
		"PROFILE=SYSTEM",
		"FIPS:!aNULL:!eNULL",
		"FIPS@STRENGTH",
		"TLSv1.2+FIPS:kRSA+FIPS:!eNULL:!aNULL",
		"ECDHE+AESGCM:!SHA1",
		"DEFAULT@SECLEVEL=2",
		"DEFAULT:@SECLEVEL=0",
		"DEFAULT:!SHA1:!SHA256:!SHA384",
		"HIGH:!aNULL:!MD5:!3DES",
		"ECDHE:!COMPLEMENTOFDEFAULT",
		"CHACHA20:AESGCM:!PSK",
		"ECDHE-ECDSA-AES256-GCM-SHA384,ECDHE-RSA-AES256-GCM-SHA384",
		"ECDHE-ECDSA-AES256-GCM-SHA384 ECDHE-RSA-AES256-GCM-SHA384",
		"AESGCM+EECDH:AESGCM+EDH:!SHA1:!SHA256:!SHA384",
		"HIGH:!aNULL:!eNULL:!kECDH:!aDH:!RC4:!3DES:!CAMELLIA:!MD5:!PSK:!SRP:!KRB5:@STRENGTH",
		"ALL:!EXPORT:!EXPORT40:!EXPORT56:!aNULL:!LOW:!RC4:@STRENGTH",
		"ECDH+AESGCM:ECDH+CHACHA20:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:RSA+AESGCM:RSA+AES:!aNULL:!MD5:!DSS",
		"EECDH+AES:EDH+AES:-SHA1:EECDH+RC4:EDH+RC4:RC4-SHA:EECDH+AES256:EDH+AES256:AES256-SHA:!aNULL:!eNULL:!EXP:!LOW:!MD5",
	} {
		add(s)
	}

	// Seeded random combinations of operators, words and commands.
	r := rand.New(rand.NewPCG(1, 2))
	ops := []string{"", "", "!", "-", "+"}
	seps := []string{":", ":", ",", " ", ";"}
	for range 150 {
		var b strings.Builder
		for i, n := 0, 2+r.IntN(4); i < n; i++ {
			if i > 0 {
				b.WriteString(seps[r.IntN(len(seps))])
			}
			b.WriteString(ops[r.IntN(len(ops))])
			b.WriteString(pairs[r.IntN(len(pairs))])
			if r.IntN(4) == 0 {
				b.WriteString("+" + pairs[r.IntN(len(pairs))])
			}
		}
		switch r.IntN(6) {
		case 0:
			b.WriteString(":@STRENGTH")
		case 1:
			b.WriteString(":@SECLEVEL=" + strconv.Itoa(r.IntN(4)))
		}
		add(b.String())
	}
	return out
}
