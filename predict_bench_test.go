package ecsstate

import (
	"testing"
	"time"
)

// BenchmarkPredict predicts the sample's rollout (web:7 → web:8, four
// tasks, six instances); the baseline is the naive way to the same
// answer, stepping a clone a second at a time and reading its timeline
// (byHand, the reference of the differential tests).
func BenchmarkPredict(b *testing.B) {
	w := loadSample(b, nil)
	b.Run("Predict", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := w.Predict(update8, 2*time.Hour); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("byHand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := byHand(b, w, update8, 2*time.Hour); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkLoad loads the sample's describe outputs; the baseline decodes
// them only (Snapshot.AddJSON), the part any user of the files pays.
func BenchmarkLoad(b *testing.B) {
	docs, s := readSample(b)
	b.Run("Load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := Load(Options{Seed: 1}, s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("AddJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var s Snapshot
			for _, d := range docs {
				if err := s.AddJSON(d); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
