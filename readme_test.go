package ecsstate

import (
	"os"
	"strings"
	"testing"
)

// The README's "Predicting an update" shows the package example's body and
// output as they are in example_test.go, so the two cannot drift apart.
func TestReadmeShowsTheExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	ex := string(src)
	i := strings.Index(ex, "func Example() {\n")
	j := strings.Index(ex[i:], "\t// Output:\n")
	k := strings.Index(ex[i+j:], "\n}\n")
	if i < 0 || j < 0 || k < 0 {
		t.Fatal("example_test.go has no Example with an Output")
	}
	var body, output []string
	for _, l := range strings.Split(strings.TrimSuffix(ex[i+len("func Example() {\n"):i+j], "\n"), "\n") {
		body = append(body, strings.TrimPrefix(l, "\t"))
	}
	for _, l := range strings.Split(ex[i+j+len("\t// Output:\n"):i+j+k], "\n") {
		output = append(output, strings.TrimPrefix(l, "\t// "))
	}
	section := string(readme)
	if s := strings.Index(section, "## Predicting an update\n"); s >= 0 {
		section = section[s:]
	} else {
		t.Fatal(`README.md has no "## Predicting an update" section`)
	}
	for name, want := range map[string]string{
		"code":   "```go\n" + strings.Join(body, "\n") + "\n```\n",
		"output": "```text\n" + strings.Join(output, "\n") + "\n```\n",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("README's section lacks the example's %s:\n%s", name, want)
		}
	}
}
