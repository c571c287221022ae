package service

import (
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
)

// TestFNV128aResumes: the hash state as a value, fed any bytes in two
// parts, gives hash/fnv's New128a digest of the whole.
func TestFNV128aResumes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.SliceOf(rapid.Byte()).Draw(t, "a")
		b := rapid.SliceOf(rapid.Byte()).Draw(t, "b")
		h := fnv.New128a()
		h.Write(a)
		h.Write(b)
		want := h.Sum(nil)
		got := fnv128aOffset.write(a).write(b).sum()
		if hex.EncodeToString(got[:]) != hex.EncodeToString(want) {
			t.Fatalf("fnv128a(%x|%x) = %x, hash/fnv says %x", a, b, got, want)
		}
	})
}

// TestTaskIDsAsFormatted: a step's task IDs are FNV-128a of
// "serviceARN|now|position|salt" (the form IDs had when each was hashed
// whole with fmt), the salt moving past IDs that tasks created at the same
// instant already hold, whatever order the IDs are asked in.
func TestTaskIDsAsFormatted(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		arn := rapid.StringMatching(`arn:aws:ecs:us-east-1:[0-9]{12}:service/[a-z]{1,8}/[a-z]{1,8}`).Draw(t, "service")
		now := time.Unix(0, rapid.Int64Range(0, 1<<62).Draw(t, "now")).UTC()
		ref := func(i, salt int) string {
			h := fnv.New128a()
			fmt.Fprintf(h, "%s|%d|%d|%d", arn, now.UnixNano(), i, salt)
			return hex.EncodeToString(h.Sum(nil))
		}
		// Tasks created now hold the salt-0 IDs of some positions (and
		// sometimes the salt-1 one too); others hold IDs that do not count.
		taken := map[string]bool{}
		var tasks []model.Task
		for i := range 6 {
			switch rapid.IntRange(0, 3).Draw(t, "held") {
			case 1:
				taken[ref(i, 0)] = true
			case 2:
				taken[ref(i, 0)], taken[ref(i, 1)] = true, true
			case 3:
				tasks = append(tasks, model.Task{TaskARN: "arn:aws:ecs:us-east-1:1:task/c/" + ref(i, 0), CreatedAt: model.At(now.Add(time.Second))})
			}
		}
		for id := range taken {
			tasks = append(tasks, model.Task{TaskARN: "arn:aws:ecs:us-east-1:1:task/c/" + id, CreatedAt: model.At(now)})
		}
		r := &reconciler{in: &Input{Tasks: tasks}, now: now}
		r.svc.ServiceARN = arn
		// Positions past the first ten, where IDs share the hash of
		// their leading digits, in any order.
		positions := []int{0, 1, 2, 3, 4, 5}
		for _, p := range rapid.SliceOfNDistinct(rapid.IntRange(6, 2500), 0, 8, rapid.ID).Draw(t, "later") {
			positions = append(positions, p)
		}
		for _, i := range rapid.Permutation(positions).Draw(t, "order") {
			want := ref(i, 0)
			for salt := 1; taken[want]; salt++ {
				want = ref(i, salt)
			}
			if got := r.newTaskID(i); got != want {
				t.Fatalf("newTaskID(%d) = %s, want %s", i, got, want)
			}
		}
	})
}

// TestHasPhraseIsContains: hasPhrase answers as strings.Contains does.
func TestHasPhraseIsContains(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		msg := rapid.StringOfN(rapid.RuneFrom([]rune(" hasxtrd")), 0, 40, -1).Draw(t, "msg")
		phrase := rapid.SampledFrom([]string{" has started ", " has ", " h", " "}).Draw(t, "phrase")
		if got, want := hasPhrase(msg, phrase), strings.Contains(msg, phrase); got != want {
			t.Fatalf("hasPhrase(%q, %q) = %v, want %v", msg, phrase, got, want)
		}
	})
}

// TestTaskIDIsAfterLastSlash: taskID, which looks for a 32-character ID
// first, returns what follows an ARN's last '/' (the whole string without
// one), for IDs of any length and slashes anywhere.
func TestTaskIDIsAfterLastSlash(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		arn := rapid.StringMatching(`(arn:aws:ecs:[a-z0-9-]{0,12}:[0-9]{0,12}:task/)?([a-z]{0,3}/)?[0-9a-f/]{30,34}`).Draw(t, "arn")
		want := arn
		if i := strings.LastIndexByte(arn, '/'); i >= 0 {
			want = arn[i+1:]
		}
		if got := taskID(arn); got != want {
			t.Fatalf("taskID(%q) = %q, want %q", arn, got, want)
		}
	})
}
