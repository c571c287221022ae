package query_test

import (
	"errors"
	"fmt"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/placement/query"
)

// A memberOf constraint selecting G2 instances outside us-east-1d, checked
// against two instances.
func Example() {
	e, err := query.Parse("attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d")
	if err != nil {
		panic(err)
	}
	a := query.Fields{Attributes: map[string]string{
		"ecs.instance-type": "g2.2xlarge", "ecs.availability-zone": "us-east-1a",
	}}
	d := query.Fields{Attributes: map[string]string{
		"ecs.instance-type": "g2.2xlarge", "ecs.availability-zone": "us-east-1d",
	}}
	fmt.Println(e.Eval(a), e.Eval(d))
	// Output: true false
}

// Parse accepts the word forms of operators, either quote and redundant
// parentheses; String prints the canonical form.
func ExampleParse() {
	e, err := query.Parse(`(ec2InstanceId in ['i-abcd1234', "i-wxyx7890"]) || not(task:group equals database)`)
	if err != nil {
		panic(err)
	}
	fmt.Println(e)
	// Output: ec2InstanceId in [i-abcd1234, i-wxyx7890] or not task:group == database
}

// Errors are InvalidParameterException, with the byte offset of the
// problem.
func ExampleParse_error() {
	_, err := query.Parse("runningTasksCount =~ 1")
	fmt.Println(errors.Is(err, ecserrors.ErrInvalidParameter))
	fmt.Println(err)
	// Output:
	// true
	// InvalidParameterException: Invalid cluster query expression at position 18: expected an operator that runningTasksCount supports (==, !=, >, >=, <, <=), found =~
}

// The tree can be inspected: here, the conditions of a conjunction.
func ExampleAnd() {
	e, _ := query.Parse("agentVersion < 1.14.5 and registeredAt < 2018-02-13")
	and := e.(*query.And)
	for _, side := range []query.Expr{and.Left, and.Right} {
		c := side.(*query.Cond)
		fmt.Println(c.Subject, c.Op, c.Args)
	}
	// Output:
	// agentVersion < [1.14.5]
	// registeredAt < [2018-02-13]
}

// Typed comparisons: agent versions compare numerically per component, and
// a date compares with the UTC day of registration.
func ExampleFields() {
	old, _ := query.Parse("agentVersion < 1.14.5")
	sameDay, _ := query.Parse("registeredAt == 2018-02-13")
	inst := query.Fields{
		Version:    "1.9.0",
		Registered: time.Date(2018, 2, 13, 17, 30, 0, 0, time.UTC),
	}
	fmt.Println(old.Eval(inst), sameDay.Eval(inst))
	// Output: true true
}

// task:group with a negated operator holds when no task on the instance is
// in the group, like not(task:group == …); an absent attribute makes every
// comparison on it false, negated ones included.
func ExampleCond_Eval() {
	inst := query.Fields{Groups: []string{"web"}}
	for _, s := range []string{
		"task:group != database",
		"not(task:group == database)",
		"attribute:stack != prod",
		"not(attribute:stack == prod)",
	} {
		e, _ := query.Parse(s)
		fmt.Printf("%-28s %v\n", s, e.Eval(inst))
	}
	// Output:
	// task:group != database       true
	// not(task:group == database)  true
	// attribute:stack != prod      false
	// not(attribute:stack == prod) true
}
