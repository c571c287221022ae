// Package query implements the Amazon ECS cluster query language: the
// expressions of memberOf placement constraints and of the filter of
// ListContainerInstances, for example
//
//	attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone != us-east-1d
//
// [Parse] turns an expression into an [Expr] tree of [*Or], [*And], [*Not] and
// [*Cond] nodes; [Expr.Eval] decides whether a container instance, seen
// through the small [Instance] interface, satisfies it; [Expr.String] prints
// the canonical form, which parses back to the same tree.
//
// The language is described at
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html
// (referred to below as "the guide"). An expression is a condition
// "subject operator [argument]", or conditions combined with and/or/not and
// parentheses.
//
// # Subjects and their operators
//
// The guide lists the operators each subject accepts; a condition that uses
// any other operator is rejected by Parse with InvalidParameterException.
//
//	agentConnected      ==  !=  in  !in  =~  !~
//	agentVersion        ==  !=  >  >=  <  <=
//	ec2InstanceId       ==  !=  in  !in  =~  !~
//	registeredAt        ==  !=  >  >=  <  <=
//	runningTasksCount   ==  !=  >  >=  <  <=
//	attribute:NAME      all operators (the guide lists none, its examples use several)
//	task:group          ==  !=  in  !in  =~  !~  exists  !exists (the guide lists none)
//
// Every operator has a word form too: equals, not_equals, greater_than,
// greater_than_equal, less_than, less_than_equal, exists, not_exists, in,
// not_in, matches, not_matches. Arguments are bare words or quoted with ' or
// " (no escapes inside quotes); in and !in take a list [a, b, ...] of 1 to
// [MaxListLength] values.
//
// Arguments are checked when parsing: agentConnected takes true or false;
// agentVersion a dotted version of decimal numbers (1.14.5); runningTasksCount
// an integer; registeredAt one of the four forms the guide gives
// (2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 and
// 2018-06-18; any UTC offset is accepted in the first form, no offset means
// UTC); matches/not_matches a regular expression.
//
// # Decisions where the guide is silent
//
// Each of these is tested in the package's tests.
//
//   - Precedence: not binds tightest, then and, then or, so
//     "a or b and not c" means "a or (b and (not c))". and/or associate to the
//     left. The guide only says parentheses set precedence.
//   - Case: the logical keywords (and, or, not) and the word operators
//     (equals, not_in, …) are matched without regard to case; subject names
//     (agentConnected, task:group, attribute:) are case-sensitive, as are
//     attribute names and all values.
//   - Regular expressions: the guide specifies Java's Pattern syntax; this
//     package uses Go's RE2 syntax (linear-time matching), which agrees on
//     the common subset and rejects backreferences and look-around. A match
//     must cover the whole value, as Java's Matcher.matches does (so
//     "t2.*" matches "t2.small" and "t2" but not "xt2").
//   - Absent values: for attribute:NAME when the instance lacks the
//     attribute, for agentVersion when the version is unknown or not a dotted
//     version, for ec2InstanceId when it is empty and for registeredAt when it
//     is the zero time, every operator except exists/!exists is false —
//     including the negated ones (!=, !in, !~). This follows the guide's
//     ListContainerInstances example, which describes "attribute:stack != prod"
//     as listing the instances that have the attribute stack unless its value
//     is prod (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-constraints.html).
//     Write "not(attribute:stack == prod)" to include instances without it.
//   - Ordering of attributes: >, >=, <, <= compare two decimal numbers
//     (-?digits[.digits]) numerically, anything else byte-wise as strings.
//     == and != are always string comparisons ("String equality").
//   - agentVersion compares numerically component by component, missing
//     components counting as 0 (1.14 == 1.14.0 < 1.14.5 < 1.100).
//   - registeredAt compares at the precision of the argument: a date
//     (2018-02-13) is compared with the instance's UTC calendar day, so
//     "registeredAt == 2018-02-13" means registered that day and
//     "registeredAt < 2018-02-13" before it; a date-time is compared with
//     the registration time truncated to whole seconds.
//   - task:group, when the instance runs tasks of several groups: ==, in and
//     =~ hold if some group satisfies them; !=, !in and !~ are their exact
//     negations, holding if no group is equal / in the list / matching (so
//     "task:group != database" is the same anti-affinity as
//     "not(task:group == database)", and is true on an empty instance).
//     exists holds if the instance runs at least one task, !exists if none.
//   - Limits: at most [MaxLength] (2,000, the documented limit of a
//     constraint expression) characters, parentheses and not nested at most
//     [MaxDepth] deep, lists of at most [MaxListLength] values, and the
//     regular expressions of one expression together at most 1,000 compiled
//     RE2 instructions (ordinary patterns such as t2\.(micro|small) use a few
//     dozen) and 32 Unicode classes (\pL, \P{Greek}). The size of a pattern
//     is estimated from its parse tree before it is compiled, so a short
//     pattern that would expand to a huge program, such as (aaa…a){1000},
//     is refused without the cost of building it: any expression under the
//     length limit parses in a few MB at most. Parsing takes time linear in the length of the input, and
//     evaluating a regular expression time linear in the length of the value,
//     so hostile input can cost neither deep recursion nor a long run.
//
// Parse errors are *errors.Error values (package
// github.com/ecsstate/ecsstate/errors) with code InvalidParameterException,
// whose message names the byte offset of the problem and what was expected
// there.
package query
