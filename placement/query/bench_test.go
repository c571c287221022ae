package query

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

const benchCompound = "attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d"

// benchLarge is a realistic large constraint: several subjects, a list, a
// regex, negations and parentheses.
var benchLarge = strings.Join([]string{
	"(attribute:ecs.availability-zone in [us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f]",
	"or attribute:ecs.outpost-arn exists)",
	"and attribute:ecs.instance-type =~ '(m5|c5|r5)\\.(x|2x|4x)?large'",
	"and not (task:group == service:database or task:group =~ 'family:batch-.*')",
	"and agentConnected == true and agentVersion >= 1.14.5",
	"and runningTasksCount < 50 and registeredAt > 2018-02-13T00:00:00Z",
	"and attribute:stack != prod",
}, " ")

func BenchmarkParse(b *testing.B) {
	for _, bc := range []struct{ name, expr string }{
		{"compound", benchCompound},
		{"large", benchLarge},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.expr)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(bc.expr); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEval evaluates an expression over a cluster of 5,000 instances
// (ECS's per-cluster limit); ns/op is per instance.
func BenchmarkEval(b *testing.B) {
	insts := make([]Instance, 5000)
	for i := range insts {
		insts[i] = Fields{
			Connected:    i%10 != 0,
			Version:      fmt.Sprintf("1.%d.%d", 10+i%8, i%7),
			InstanceID:   fmt.Sprintf("i-%08x", i),
			RunningTasks: i % 60,
			Registered:   time.Date(2018, 1, 1+i%60, 0, 0, 0, 0, time.UTC),
			Attributes: map[string]string{
				"ecs.availability-zone": "us-east-1" + string(rune('a'+i%6)),
				"ecs.instance-type":     []string{"m5.large", "c5.2xlarge", "g2.2xlarge", "t2.small"}[i%4],
				"stack":                 []string{"prod", "dev"}[i%2],
			},
			Groups: []string{"service:web", []string{"service:database", "family:batch-7", "service:api"}[i%3]},
		}
	}
	for _, bc := range []struct{ name, expr string }{
		{"compound", benchCompound},
		{"large", benchLarge},
	} {
		e, err := Parse(bc.expr)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			i := 0
			for b.Loop() {
				if e.Eval(insts[i]) {
					n++
				}
				i++
				if i == len(insts) {
					i = 0
				}
			}
			_ = n
		})
	}
}
