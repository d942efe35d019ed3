package tlsprofile

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Options controls how Evaluate reads a cipher string.
type Options struct {
	// OpenSSL3Only restricts the universe to what a default OpenSSL 3 build
	// offers; false (the lint default) includes legacy suites older builds
	// still offer, so strings written for them are judged by what they
	// enabled there.
	OpenSSL3Only bool
	// SecurityLevel is the level in force before the string's own
	// @SECLEVEL (0 = none; Debian's default config uses 2). Values outside
	// 0..5 are clamped, as OpenSSL does.
	SecurityLevel int
}

// Result is what a cipher string enables.
type Result struct {
	// Ciphers is the effective list in OpenSSL's preference order: the
	// suites a server may negotiate over TLS 1.2 and older. TLS 1.3 suites
	// are configured separately and never appear here.
	Ciphers []*Cipher
	// SecLevel is the security level after the string's @SECLEVEL, if any.
	SecLevel int
	// Configured is the list before the security level removes suites: what
	// `openssl ciphers -v STRING` prints. Suites in Configured but not in
	// Ciphers are never negotiated at SecLevel, but would be at a lower one.
	Configured []*Cipher
	// Unknown lists the words that name no suite or alias in the chosen
	// universe. OpenSSL skips them without a word, which hides typos and
	// names an OpenSSL 3 build no longer has.
	Unknown []Word
}

// Word is one name in a cipher string.
type Word struct {
	Text   string
	Offset int // byte offset in the cipher string
}

// ErrNoCipherMatch is returned (wrapped) when a string selects no suite at
// all. OpenSSL then refuses the whole string ("no cipher match"), so
// nginx and Apache fail to start.
var ErrNoCipherMatch = errors.New("no cipher match")

// SyntaxError is a cipher string OpenSSL refuses as a whole ("invalid
// command"): a character that cannot start a name, an operator with no
// name after it, or an unknown @ command.
type SyntaxError struct {
	Offset int    // byte offset of the offending text
	Msg    string // what is wrong there
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid cipher string at offset %d: %s", e.Offset, e.Msg)
}

// defaultRule is what a leading DEFAULT expands to in OpenSSL 3
// (OSSL_default_cipher_list).
const defaultRule = "ALL:!COMPLEMENTOFDEFAULT:!eNULL"

// Suite B strings replace the whole cipher string when it starts with one
// of these words (check_suiteb_cipher_list in ssl/ssl_ciph.c). The longer
// prefixes must be tried first.
var suiteB = []struct{ prefix, rule string }{
	{"SUITEB128ONLY", "ECDHE-ECDSA-AES128-GCM-SHA256"},
	{"SUITEB128C2", "ECDHE-ECDSA-AES256-GCM-SHA384"},
	{"SUITEB128", "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"},
	{"SUITEB192", "ECDHE-ECDSA-AES256-GCM-SHA384"},
}

// alias is a group name; its masks select suites the way OpenSSL's
// cipher_aliases table does.
type alias struct {
	kx, au, enc, mac uint32
	minVer           uint16
	strength         uint32
	// legacy aliases exist only in OpenSSL 1.0.x, or name algorithms a
	// default OpenSSL 3 build lacks, so OpenSSL 3 ignores them as unknown.
	legacy bool
}

var aliases = map[string]alias{
	"ALL":                 {enc: ^encNULL},
	"COMPLEMENTOFALL":     {enc: encNULL},
	"COMPLEMENTOFDEFAULT": {strength: flagNotDefault},

	"kRSA":      {kx: kRSA},
	"kEDH":      {kx: kDHE},
	"kDHE":      {kx: kDHE},
	"DH":        {kx: kDHE},
	"kEECDH":    {kx: kECDHE},
	"kECDHE":    {kx: kECDHE},
	"ECDH":      {kx: kECDHE},
	"kPSK":      {kx: kPSK},
	"kRSAPSK":   {kx: kRSAPSK},
	"kECDHEPSK": {kx: kECDHEPSK},
	"kDHEPSK":   {kx: kDHEPSK},
	"kSRP":      {kx: kSRP},

	"aRSA":   {au: aRSA},
	"aDSS":   {au: aDSS},
	"DSS":    {au: aDSS},
	"aNULL":  {au: aNULL},
	"aECDSA": {au: aECDSA},
	"ECDSA":  {au: aECDSA},
	"aPSK":   {au: aPSK},
	"aSRP":   {au: aSRP},

	"EDH":   {kx: kDHE, au: ^aNULL},
	"DHE":   {kx: kDHE, au: ^aNULL},
	"EECDH": {kx: kECDHE, au: ^aNULL},
	"ECDHE": {kx: kECDHE, au: ^aNULL},
	"NULL":  {enc: encNULL},
	"RSA":   {kx: kRSA, au: aRSA},
	"ADH":   {kx: kDHE, au: aNULL},
	"AECDH": {kx: kECDHE, au: aNULL},
	"PSK":   {kx: kAnyPSK},
	"SRP":   {kx: kSRP},

	"3DES":        {enc: enc3DES},
	"RC4":         {enc: encRC4, legacy: true},
	"RC2":         {enc: encRC2, legacy: true},
	"IDEA":        {enc: encIDEA, legacy: true},
	"SEED":        {enc: encSEED, legacy: true},
	"DES":         {enc: encDES, legacy: true},
	"eNULL":       {enc: encNULL},
	"AES128":      {enc: encAES128 | encAES128GCM | encAES128CCM | encAES128CCM8},
	"AES256":      {enc: encAES256 | encAES256GCM | encAES256CCM | encAES256CCM8},
	"AES":         {enc: encAES},
	"AESGCM":      {enc: encAESGCM},
	"AESCCM":      {enc: encAESCCM},
	"AESCCM8":     {enc: encAESCCM8},
	"CAMELLIA128": {enc: encCAMELLIA128},
	"CAMELLIA256": {enc: encCAMELLIA256},
	"CAMELLIA":    {enc: encCAMELLIA},
	"CHACHA20":    {enc: encCHACHA20POLY1305},
	"CBC":         {enc: encCBC},
	"ARIA":        {enc: encARIA},
	"ARIAGCM":     {enc: encARIA},
	"ARIA128":     {enc: encARIA128GCM},
	"ARIA256":     {enc: encARIA256GCM},

	"MD5":    {mac: macMD5},
	"SHA1":   {mac: macSHA1},
	"SHA":    {mac: macSHA1},
	"SHA256": {mac: macSHA256},
	"SHA384": {mac: macSHA384},

	"SSLv3":   {minVer: verSSL3},
	"TLSv1":   {minVer: verTLS1},
	"TLSv1.0": {minVer: verTLS1},
	"TLSv1.2": {minVer: verTLS12},

	"LOW":      {strength: clsLow},
	"MEDIUM":   {strength: clsMedium},
	"HIGH":     {strength: clsHigh},
	"FIPS":     {enc: ^encNULL, strength: flagFIPS},
	"EXP":      {strength: exportMask, legacy: true},
	"EXPORT":   {strength: exportMask, legacy: true},
	"EXPORT40": {strength: clsExport40, legacy: true},
	"EXPORT56": {strength: clsExport56, legacy: true},

	// OpenSSL keeps the pre-1.1.0 names of the DHE 3DES suites as aliases.
	"EDH-DSS-DES-CBC3-SHA": {kx: kDHE, au: aDSS, enc: enc3DES, mac: macSHA1, strength: clsHigh | flagFIPS},
	"EDH-RSA-DES-CBC3-SHA": {kx: kDHE, au: aRSA, enc: enc3DES, mac: macSHA1, strength: clsHigh | flagFIPS},
}

// selector picks suites for one rule, like the arguments of OpenSSL's
// ssl_cipher_apply_rule. A zero mask means "any".
type selector struct {
	id               uint16
	hasID            bool
	kx, au, enc, mac uint32
	minVer           uint16
	strength         uint32
	byBits           bool // select on Bits alone (the @STRENGTH sort)
	bits             int
}

func (s *selector) match(c *Cipher) bool {
	if s.byBits {
		return c.Bits == s.bits
	}
	switch {
	case s.hasID && s.id != c.ID,
		s.kx != 0 && s.kx&c.kx == 0,
		s.au != 0 && s.au&c.au == 0,
		s.enc != 0 && s.enc&c.enc == 0,
		s.mac != 0 && s.mac&c.mac == 0,
		s.minVer != 0 && s.minVer != c.minVer,
		s.strength&strongMask != 0 && s.strength&strongMask&c.strength == 0,
		s.strength&flagNotDefault != 0 && c.strength&flagNotDefault == 0:
		return false
	}
	return true
}

type op int

const (
	opAdd  op = iota // append matching inactive suites at the end
	opKill           // remove matching suites for good ("!")
	opDel            // deactivate matching suites, keeping them re-addable ("-")
	opOrd            // move matching active suites to the end ("+")
	opBump           // move matching active suites to the front (internal)
)

// cipherList is OpenSSL's CIPHER_ORDER list: every suite of the universe
// in a current order, each active or not. Inactive suites keep a position
// because it decides where a later add puts them.
type cipherList struct {
	order  []*Cipher
	active []bool // by Cipher.idx
	moved  []*Cipher
	rest   []*Cipher
}

func newCipherList(order []*Cipher) *cipherList {
	return &cipherList{
		order:  append(make([]*Cipher, 0, len(order)), order...),
		active: make([]bool, len(cipherTable)),
		moved:  make([]*Cipher, 0, len(order)),
		rest:   make([]*Cipher, 0, len(order)),
	}
}

// apply runs one rule. OpenSSL walks a linked list; moving every selected
// suite to one end in list order gives the same result, because a suite
// moved to the tail is never visited again in the same pass, and the
// reverse walk used to move suites to the head preserves their order.
func (l *cipherList) apply(o op, s *selector) {
	moved, rest := l.moved[:0], l.rest[:0]
	for _, c := range l.order {
		if !s.match(c) {
			rest = append(rest, c)
			continue
		}
		switch o {
		case opAdd:
			if l.active[c.idx] {
				rest = append(rest, c)
				continue
			}
			l.active[c.idx] = true
		case opKill:
			l.active[c.idx] = false
			continue
		case opDel:
			if !l.active[c.idx] {
				rest = append(rest, c)
				continue
			}
			l.active[c.idx] = false
		case opOrd, opBump:
			if !l.active[c.idx] {
				rest = append(rest, c)
				continue
			}
		}
		moved = append(moved, c)
	}
	l.order = l.order[:0]
	switch o {
	case opDel, opBump:
		l.order = append(append(l.order, moved...), rest...)
	default:
		l.order = append(append(l.order, rest...), moved...)
	}
	l.moved, l.rest = moved, rest
}

// strengthSort is @STRENGTH: active suites move to the end in descending
// order of Bits, each group keeping its order; inactive ones stay put.
func (l *cipherList) strengthSort() {
	var act []*Cipher
	inactive := l.rest[:0]
	for _, c := range l.order {
		if l.active[c.idx] {
			act = append(act, c)
		} else {
			inactive = append(inactive, c)
		}
	}
	sort.SliceStable(act, func(i, j int) bool { return act[i].Bits > act[j].Bits })
	l.order = append(append(l.order[:0], inactive...), act...)
	l.rest = inactive
}

func (l *cipherList) activeCiphers() []*Cipher {
	var out []*Cipher
	for _, c := range l.order {
		if l.active[c.idx] {
			out = append(out, c)
		}
	}
	return out
}

// universe is the set of suites a build offers, in the order OpenSSL
// ranks them before reading any cipher string.
type universe struct {
	base   []*Cipher
	names  map[string]*Cipher
	legacy bool // legacy aliases are known
}

var universes [2]struct {
	once sync.Once
	u    *universe
}

func getUniverse(openssl3Only bool) *universe {
	i := 0
	if openssl3Only {
		i = 1
	}
	universes[i].once.Do(func() { universes[i].u = newUniverse(openssl3Only) })
	return universes[i].u
}

func newUniverse(openssl3Only bool) *universe {
	u := &universe{names: make(map[string]*Cipher), legacy: !openssl3Only}
	// OpenSSL sorts its suite array by ID and collects it backwards, so
	// ties in every later rule fall to the higher ID.
	var all []*Cipher
	for i := len(cipherTable) - 1; i >= 0; i-- {
		c := cipherTable[i]
		if openssl3Only && !c.OpenSSL3 {
			continue
		}
		all = append(all, c)
		u.names[c.Name] = c
	}
	// The default preference order of ssl_create_cipher_list: ECDHE first
	// (ECDSA before RSA), then GCM, ChaCha20 and other AES; MD5, anonymous,
	// static RSA, PSK and RC4 last; then by strength; then TLS 1.2 suites,
	// AEAD, (EC)DHE and (EC)DHE with AEAD bumped to the front in turn.
	l := newCipherList(all)
	l.apply(opAdd, &selector{kx: kECDHE, au: aECDSA})
	l.apply(opAdd, &selector{kx: kECDHE})
	l.apply(opDel, &selector{kx: kECDHE})
	l.apply(opAdd, &selector{enc: encAESGCM})
	l.apply(opAdd, &selector{enc: encCHACHA20POLY1305})
	l.apply(opAdd, &selector{enc: encAES &^ encAESGCM})
	l.apply(opAdd, &selector{})
	l.apply(opOrd, &selector{mac: macMD5})
	l.apply(opOrd, &selector{au: aNULL})
	l.apply(opOrd, &selector{kx: kRSA})
	l.apply(opOrd, &selector{kx: kPSK})
	l.apply(opOrd, &selector{enc: encRC4})
	l.strengthSort()
	l.apply(opBump, &selector{minVer: verTLS12})
	l.apply(opBump, &selector{mac: macAEAD})
	l.apply(opBump, &selector{kx: kDHE | kECDHE})
	l.apply(opBump, &selector{kx: kDHE | kECDHE, mac: macAEAD})
	l.apply(opDel, &selector{})
	u.base = l.order
	return u
}

// evaluation is the state of one Evaluate call.
type evaluation struct {
	u        *universe
	list     *cipherList
	secLevel int
	unknown  []Word
	err      *SyntaxError
}

// Evaluate works out which TLS 1.2-and-older suites an OpenSSL cipher
// string (nginx ssl_ciphers, Apache SSLCipherSuite) enables, in the order
// OpenSSL prefers them, following OpenSSL 3.0's rules (ciphers(1),
// ssl/ssl_ciph.c): ':', ',', ';' and ' ' separate elements; '+' inside an
// element intersects; a plain element appends the suites not yet listed,
// '!' removes for good, '-' removes but allows re-adding, a leading '+'
// moves to the end; @STRENGTH sorts and @SECLEVEL=n sets the security
// level; DEFAULT counts only as the first word; unknown words are skipped.
//
// The error is a *SyntaxError when OpenSSL would refuse the string as
// invalid, and wraps ErrNoCipherMatch when it selects nothing.
func Evaluate(cipherString string, opts Options) (*Result, error) {
	// OpenSSL reads a C string: a NUL ends it.
	if i := strings.IndexByte(cipherString, 0); i >= 0 {
		cipherString = cipherString[:i]
	}
	u := getUniverse(opts.OpenSSL3Only)
	ev := &evaluation{u: u, list: newCipherList(u.base), secLevel: clampLevel(opts.SecurityLevel)}

	rule, offset := cipherString, 0
	for _, sb := range suiteB {
		if strings.HasPrefix(rule, sb.prefix) {
			// The replacement is not the user's text: no offsets into it.
			rule, offset = sb.rule, -1
			break
		}
	}
	if strings.HasPrefix(rule, "DEFAULT") {
		// Only the suite B replacements (which never start with DEFAULT)
		// have no offsets, so offset is still 0 here.
		ev.process(defaultRule, -1)
		rule, offset = rule[len("DEFAULT"):], len("DEFAULT")
		if strings.HasPrefix(rule, ":") {
			rule, offset = rule[1:], offset+1
		}
	}
	if rule != "" {
		ev.process(rule, offset)
	}
	if ev.err != nil {
		return nil, ev.err
	}
	configured := ev.list.activeCiphers()
	if len(configured) == 0 {
		return nil, fmt.Errorf("cipher string %q selects no TLS 1.2 suite: %w", cipherString, ErrNoCipherMatch)
	}
	res := &Result{SecLevel: ev.secLevel, Configured: configured, Unknown: ev.unknown}
	for _, c := range configured {
		if SecLevelAllows(ev.secLevel, c) {
			res.Ciphers = append(res.Ciphers, c)
		}
	}
	return res, nil
}

func clampLevel(n int) int {
	return min(max(n, 0), 5)
}

func isSep(b byte) bool { return b == ':' || b == ' ' || b == ';' || b == ',' }

func isNameByte(b byte) bool {
	return 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' || '0' <= b && b <= '9' ||
		b == '-' || b == '.' || b == '='
}

// process reads rule the way ssl_cipher_process_rulestr does. base is the
// offset of rule in the user's string, or -1 when rule is not from it.
func (ev *evaluation) process(rule string, base int) {
	at := func(i int) int {
		if base < 0 {
			return 0
		}
		return base + i
	}
	l := 0
	for l < len(rule) {
		ch := rule[l]
		o := opAdd
		special := false
		switch ch {
		case '-':
			o = opDel
			l++
		case '+':
			o = opOrd
			l++
		case '!':
			o = opKill
			l++
		case '@':
			special = true
			l++
		}
		if isSep(ch) {
			l++
			continue
		}

		var sel selector
		found := false
		var word string
		for {
			start := l
			for l < len(rule) && isNameByte(rule[l]) {
				l++
			}
			word = rule[start:l]
			if word == "" {
				// Not a name, separator or operator: OpenSSL fails the
				// whole string, but reads on.
				if l < len(rule) {
					ev.syntax(at(l), fmt.Sprintf("unexpected %q", rule[l]))
				} else {
					ev.syntax(at(l), "missing name at end of string")
				}
				found = false
				l++
				break
			}
			if special {
				break
			}
			multi := l < len(rule) && rule[l] == '+'
			if multi {
				l++
			}
			if !ev.narrow(&sel, word) {
				if !ev.known(word) {
					ev.unknown = append(ev.unknown, Word{Text: word, Offset: at(start)})
				}
				found = false
				break
			}
			found = true
			if !multi {
				break
			}
		}

		switch {
		case special:
			ev.command(word, at(l-len(word)))
			// "@" commands take no "+" parts: skip to the next separator.
			for l < len(rule) && !isSep(rule[l]) {
				l++
			}
		case found:
			ev.list.apply(o, &sel)
		default:
			for l < len(rule) && !isSep(rule[l]) {
				l++
			}
		}
	}
}

// known reports whether word names a suite or alias in the universe.
func (ev *evaluation) known(word string) bool {
	if _, ok := ev.u.names[word]; ok {
		return true
	}
	a, ok := aliases[word]
	return ok && (ev.u.legacy || !a.legacy)
}

// narrow intersects sel with the suite or alias word. It returns false when
// word is unknown or the intersection is empty in some category; OpenSSL
// then skips the whole element.
func (ev *evaluation) narrow(sel *selector, word string) bool {
	var a alias
	var id uint16
	explicit := false
	if c, ok := ev.u.names[word]; ok {
		a = alias{kx: c.kx, au: c.au, enc: c.enc, mac: c.mac, strength: c.strength}
		id, explicit = c.ID, true
	} else if al, ok := aliases[word]; ok && (ev.u.legacy || !al.legacy) {
		a = al
	} else {
		return false
	}
	if !intersect(&sel.kx, a.kx) || !intersect(&sel.au, a.au) ||
		!intersect(&sel.enc, a.enc) || !intersect(&sel.mac, a.mac) {
		return false
	}
	if s := a.strength & strongMask; s != 0 {
		if sel.strength&strongMask == 0 {
			// A plain assignment, as in OpenSSL: it drops a
			// COMPLEMENTOFDEFAULT set by an earlier part.
			sel.strength = s
		} else if sel.strength &= s | ^strongMask; sel.strength&strongMask == 0 {
			return false
		}
	}
	if a.strength&flagNotDefault != 0 {
		sel.strength |= flagNotDefault
	}
	// Only the last part of a "+" combination can pin one suite; a suite's
	// own protocol version never becomes part of the pattern.
	sel.id, sel.hasID = id, explicit
	if !explicit && a.minVer != 0 {
		if sel.minVer != 0 && sel.minVer != a.minVer {
			return false
		}
		sel.minVer = a.minVer
	}
	return true
}

// intersect narrows a selector mask by an alias mask; zero means "any".
func intersect(have *uint32, add uint32) bool {
	switch {
	case add == 0:
		return true
	case *have == 0:
		*have = add
		return true
	}
	*have &= add
	return *have != 0
}

// command runs an @ command.
func (ev *evaluation) command(word string, offset int) {
	switch {
	case word == "STRENGTH":
		ev.list.strengthSort()
	case len(word) == len("SECLEVEL=n") && strings.HasPrefix(word, "SECLEVEL="):
		n := int(word[len(word)-1]) - '0'
		if n < 0 || n > 5 {
			ev.syntax(offset, fmt.Sprintf("security level %q is not 0 to 5", word[len(word)-1:]))
			return
		}
		ev.secLevel = n
	default:
		ev.syntax(offset, fmt.Sprintf("unknown command @%s", word))
	}
}

func (ev *evaluation) syntax(offset int, msg string) {
	if ev.err == nil {
		ev.err = &SyntaxError{Offset: offset, Msg: msg}
	}
}

// minBitsByLevel is OpenSSL's minbits_table: the symmetric strength each
// security level requires.
var minBitsByLevel = [...]int{80, 112, 128, 192, 256}

// SecLevelAllows reports whether OpenSSL 3.0 lets a server negotiate c at
// security level n (ssl_security_default_callback): level 1 and up refuse
// suites under the level's bits, anonymous suites and MD5 MACs; level 2 and
// up refuse RC4; level 3 and up require an ephemeral key exchange (DHE or
// ECDHE, PSK variants included); level 4 and up refuse SHA-1 MACs.
func SecLevelAllows(n int, c *Cipher) bool {
	n = clampLevel(n)
	if n == 0 {
		return true
	}
	minBits := minBitsByLevel[n-1]
	switch {
	case c.Bits < minBits,
		c.au&aNULL != 0,
		c.mac&macMD5 != 0,
		minBits > 160 && c.mac&macSHA1 != 0,
		n >= 2 && c.enc == encRC4,
		n >= 3 && !c.ForwardSecret():
		return false
	}
	return true
}

// Allows reports whether c is one of the profile's recommended TLS 1.2
// suites.
func (p *Profile) Allows(c *Cipher) bool {
	for _, name := range p.Ciphers {
		if name == c.Name {
			return true
		}
	}
	return false
}
