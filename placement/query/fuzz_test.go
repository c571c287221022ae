package query

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

// FuzzParse: Parse never panics; it either fails with a positioned
// InvalidParameterException or gives a tree whose String parses back to an
// equal tree, with the same String and the same Eval.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"attribute:ecs.instance-type == t2.small",
		"attribute:ecs.availability-zone in [us-east-1a, us-east-1b]",
		"attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d",
		"task:group == service:production",
		"not(task:group == database)",
		"runningTasksCount == 1",
		"agentVersion < 1.14.5",
		"registeredAt < 2018-02-13",
		"ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']",
		"attribute:stack != prod",
		"(attribute:a exists || attribute:b !exists) && !agentConnected == true",
		`attribute:a not_in ["x y", 'it"s'] OR registeredAt greater_than_equal 2018-06-18T22:28:28+02:00`,
		"agentConnected matches 't.*' and ec2InstanceId not_matches '(i|mi)-[0-9a-f]+'",
		"attribute:n <= -1.5 or agentVersion >= 1.100 and registeredAt == 2018-06-18T22:28:28",
		"attribute:a == ''",
		"((((attribute:a exists))))",
		"not not not attribute:a exists",
		"attribute:a ==",
		"attribute:a == 'x",
		"attribute:a in [x,,y]",
		"attribute:a =~ '(?=x)'",
		"",
		// Hostile regular expressions, refused before they are compiled.
		"attribute:x =~ '(" + strings.Repeat("a", 1900) + "){1000}'",
		"attribute:x =~ '(?i)" + strings.Repeat("\\pL", 490) + "'",
		"attribute:x =~ '(?:){0,1000}(?:a{1000}){1,1000}'",
	} {
		f.Add(s)
	}
	inst := Fields{
		Connected: true, Version: "1.14.5", InstanceID: "i-1", RunningTasks: 2,
		Attributes: map[string]string{"a": "x", "n": "-1.5", "stack": "prod"},
		Registered: time.Date(2018, 6, 18, 22, 28, 28, 0, time.UTC),
		Groups:     []string{"database", "service:production"},
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			var ee *ecserrors.Error
			if !errors.As(err, &ee) || ee.Code() != ecserrors.CodeInvalidParameter {
				t.Fatalf("Parse(%q): %v is not an InvalidParameterException", s, err)
			}
			if !positionRE.MatchString(ee.Message()) || !strings.Contains(ee.Message(), "expected") {
				t.Fatalf("Parse(%q): message %q names no position or expectation", s, ee.Message())
			}
			return
		}
		printed := e.String()
		// The String of a parsed expression always parses: the compact
		// form, used when the readable one is too long, is never longer
		// than the input.
		e2, err := Parse(printed)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its String %q: %v", s, printed, err)
		}
		compact := compactString(e)
		if utf8.RuneCountInString(compact) > utf8.RuneCountInString(s) {
			t.Fatalf("compact form %q is longer than the input %q", compact, s)
		}
		e3, err := Parse(compact)
		if err != nil {
			t.Fatalf("compact form %q of %q: %v", compact, s, err)
		}
		if diff := cmp.Diff(e, e3, ignoreCompiled); diff != "" {
			t.Fatalf("%q compacts to %q which parses differently (-first +second):\n%s", s, compact, diff)
		}
		if diff := cmp.Diff(e, e2, ignoreCompiled); diff != "" {
			t.Fatalf("%q prints as %q which parses differently (-first +second):\n%s", s, printed, diff)
		}
		if again := e2.String(); again != printed {
			t.Fatalf("String not stable: %q then %q", printed, again)
		}
		if e.Eval(inst) != e2.Eval(inst) {
			t.Fatalf("%q and %q evaluate differently", s, printed)
		}
	})
}

func compactString(e Expr) string {
	p := &printer{compact: true}
	e.write(p)
	return p.String()
}

// TestPrintingStaysParseable: an expression within the limit whose
// readable canonical form is over it prints in the compact form, which
// parses back to the same tree. The 1,998-character input is the one the
// readable form stretched to 2,620.
func TestPrintingStaysParseable(t *testing.T) {
	cond := "attribute:a==x&&!task:group in[a,b]||runningTasksCount>=3&&"
	in := strings.Repeat(cond, (MaxLength-40)/len(cond)) + "attribute:z exists"
	in += strings.Repeat(" ", MaxLength-2-len(in))
	if n := len(in); n != MaxLength-2 {
		t.Fatalf("input is %d characters", n)
	}
	e := mustParse(t, in)
	readable := str2(e)
	if utf8.RuneCountInString(readable) <= MaxLength {
		t.Fatalf("readable form is only %d characters; the test needs it over the limit", len(readable))
	}
	printed := e.String()
	if printed != compactString(e) {
		t.Errorf("String did not fall back to the compact form")
	}
	e2, err := Parse(printed)
	if err != nil {
		t.Fatalf("String %q (%d characters) does not parse: %v", printed, len(printed), err)
	}
	if diff := cmp.Diff(e, e2, ignoreCompiled); diff != "" {
		t.Errorf("compact form parses differently:\n%s", diff)
	}
	if e2.String() != printed {
		t.Error("String not stable through the compact form")
	}
	// The spaces the compact form keeps: before exists and in, and between
	// > or < and a value starting with '='.
	for in, want := range map[string]string{
		"attribute:a > '=5'":         "attribute:a> =5",
		"attribute:a < =5":           "attribute:a< =5",
		"attribute:a >= =5":          "attribute:a>==5",
		"attribute:a exists":         "attribute:a exists",
		"task:group not_in [a, b]":   "task:group!in[a,b]",
		"not (a:b == c or x:y == z)": "",
		"not(attribute:a == 'x y')":  "!attribute:a=='x y'",
		"(attribute:a == x or attribute:b == y) and not attribute:c exists": "(attribute:a==x||attribute:b==y)&&!attribute:c exists",
	} {
		e, err := Parse(in)
		if want == "" {
			if err == nil {
				t.Errorf("%q parsed", in)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if got := compactString(e); got != want {
			t.Errorf("%q: compact %q, want %q", in, got, want)
		}
	}
}

func str2(e Expr) string {
	p := &printer{}
	e.write(p)
	return p.String()
}
