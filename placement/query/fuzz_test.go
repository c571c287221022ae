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
		// The canonical form may be longer than the input; only then may the
		// length limit reject it.
		e2, err := Parse(printed)
		if err != nil && utf8.RuneCountInString(printed) <= MaxLength {
			t.Fatalf("Parse(%q) ok, but its String %q: %v", s, printed, err)
		}
		if err != nil {
			e2, err = parse(printed, false)
			if err != nil {
				t.Fatalf("parse(%q) without the length limit: %v", printed, err)
			}
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
