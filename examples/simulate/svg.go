package main

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// The chart's geometry, in SVG user units.
const (
	chartWidth  = 860
	panelHeight = 200
	marginLeft  = 50
	marginRight = 150
	marginTop   = 40
	panelGap    = 70
)

// palette colours the series; it repeats after eight.
var palette = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"}

// writeChart draws the run as an SVG document with two panels (three when
// the service shifted traffic) over
// elapsed virtual time: the service's tasks per task definition revision
// (one colour per deployment's revision: a solid line for RUNNING tasks, a
// dashed one for tasks launched but not yet running, so that a deployment
// whose tasks never run shows as a dashed line only, and its legend counts
// the tasks that failed to start), and RUNNING tasks per Availability
// Zone, with the scenario's actions as dashed vertical lines; the third panel is
// the traffic per revision (trafficPanel). It uses only the standard
// library: the document is written as text, every label escaped with
// encoding/xml.
func writeChart(out io.Writer, h *history) error {
	w := bufio.NewWriter(out)
	np := 2 // panels
	if len(h.StageMarks) > 0 {
		np = 3 // and traffic per revision
	}
	height := marginTop + np*panelHeight + (np-1)*panelGap + 56 + 14*len(h.Marks)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">
<rect width="100%%" height="100%%" fill="white"/>
`, chartWidth, height, chartWidth, height)
	text(w, marginLeft, 20, "start", 14, "ecsstate simulate: the service's tasks over elapsed time")
	end := h.End
	if end <= 0 {
		end = time.Minute
	}
	maxN := 1
	for _, s := range h.Samples {
		for _, c := range []counts{s.Running, s.Starting} {
			for _, n := range c.ByRevision {
				maxN = max(maxN, n)
			}
			for _, n := range c.ByZone {
				maxN = max(maxN, n)
			}
		}
	}
	maxN++ // headroom above the highest line
	plotW := float64(chartWidth - marginLeft - marginRight)
	x := func(d time.Duration) float64 { return marginLeft + plotW*float64(d)/float64(end) }
	type series struct {
		values func(sample) map[string]int
		dash   string
	}
	panels := []struct {
		title  string
		keys   []string
		series []series
	}{
		{"tasks per task definition revision (deployment): solid RUNNING, dashed launched but not yet running", h.Revisions, []series{
			{func(s sample) map[string]int { return s.Running.ByRevision }, ""},
			{func(s sample) map[string]int { return s.Starting.ByRevision }, ` stroke-dasharray="6 4"`},
		}},
		{"RUNNING tasks per Availability Zone", h.Zones, []series{{func(s sample) map[string]int { return s.Running.ByZone }, ""}}},
	}
	for p, panel := range panels {
		top := float64(marginTop + p*(panelHeight+panelGap))
		y := func(n int) float64 { return top + panelHeight - panelHeight*float64(n)/float64(maxN) }
		text(w, marginLeft, top-8, "start", 12, panel.title)
		// Axes, grid and ticks.
		fmt.Fprintf(w, `<rect x="%d" y="%.1f" width="%.1f" height="%d" fill="none" stroke="#999"/>`+"\n", marginLeft, top, plotW, panelHeight)
		step := max(1, maxN/4)
		for n := 0; n <= maxN; n += step {
			fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#eee"/>`+"\n", marginLeft, y(n), marginLeft+plotW, y(n))
			text(w, marginLeft-6, y(n)+4, "end", 10, fmt.Sprint(n))
		}
		for t := time.Duration(0); t <= end; t += tickEvery(end) {
			text(w, x(t), top+panelHeight+14, "middle", 10, fmt.Sprintf("%dm", int(t.Minutes())))
		}
		text(w, marginLeft+plotW, top+panelHeight+28, "end", 10, "elapsed time since the start (minutes)")
		for _, m := range h.Marks {
			fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#bbb" stroke-dasharray="4 3"/>`+"\n", x(m.At), top, x(m.At), top+panelHeight)
		}
		// One step line per series, each raised by a little more than the
		// one before so that equal counts stay visible side by side.
		for i, key := range panel.keys {
			colour := palette[i%len(palette)]
			off := 2.5 * float64(i)
			ys := func(n int) float64 { return y(n) - off }
			for _, ser := range panel.series {
				var pts strings.Builder
				prev := 0
				fmt.Fprintf(&pts, "%.1f,%.1f", x(0), ys(0))
				for _, s := range h.Samples {
					if n := ser.values(s)[key]; n != prev {
						fmt.Fprintf(&pts, " %.1f,%.1f %.1f,%.1f", x(s.At), ys(prev), x(s.At), ys(n))
						prev = n
					}
				}
				fmt.Fprintf(&pts, " %.1f,%.1f", x(end), ys(prev))
				fmt.Fprintf(w, `<polyline fill="none" stroke="%s" stroke-width="2"%s points="%s"/>`+"\n", colour, ser.dash, pts.String())
			}
			ly := top + 14 + float64(i)*30
			fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="3"/>`+"\n", marginLeft+plotW+10, ly-4, marginLeft+plotW+28, ly-4, colour)
			text(w, marginLeft+plotW+34, ly, "start", 11, key)
			if p == 0 && h.Failed[key] > 0 {
				note := fmt.Sprintf("%d of %d failed to start", h.Failed[key], h.Launched[key])
				if h.Failed[key] == h.Launched[key] {
					note = fmt.Sprintf("%d launched, none ran", h.Launched[key])
				}
				fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="start" font-size="10" fill="#d62728">`, marginLeft+plotW+34, ly+12)
				xml.EscapeText(w, []byte(note))
				fmt.Fprintln(w, "</text>")
			}
		}
	}
	if np == 3 {
		trafficPanel(w, h, float64(marginTop+2*(panelHeight+panelGap)), plotW, x, end)
	}
	// The actions, numbered under the chart.
	y0 := float64(marginTop + np*panelHeight + (np-1)*panelGap + 46)
	for i, m := range h.Marks {
		for p := range np {
			text(w, x(m.At)+2, float64(marginTop+p*(panelHeight+panelGap)+10), "start", 9, fmt.Sprint(i+1))
		}
		text(w, marginLeft, y0+14*float64(i), "start", 10, fmt.Sprintf("%d  at +%s: %s", i+1, m.At, m.Label))
	}
	fmt.Fprintln(w, "</svg>")
	return w.Flush()
}

// trafficPanel draws the third panel, at top: the production traffic of
// each revision in percent (solid; test traffic dotted), and a tick with
// the lifecycle stage of a traffic-shifting deployment at each scheduler
// run after which it had changed.
func trafficPanel(w io.Writer, h *history, top, plotW float64, x func(time.Duration) float64, end time.Duration) {
	y := func(p float64) float64 { return top + panelHeight - panelHeight*p/110 }
	text(w, marginLeft, top-8, "start", 12, "traffic per revision (%): solid production, dotted test; ticks: lifecycle stage after a scheduler run")
	fmt.Fprintf(w, `<rect x="%d" y="%.1f" width="%.1f" height="%d" fill="none" stroke="#999"/>`+"\n", marginLeft, top, plotW, panelHeight)
	for p := 0.0; p <= 100; p += 25 {
		fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#eee"/>`+"\n", marginLeft, y(p), marginLeft+plotW, y(p))
		text(w, marginLeft-6, y(p)+4, "end", 10, fmt.Sprintf("%g%%", p))
	}
	for t := time.Duration(0); t <= end; t += tickEvery(end) {
		text(w, x(t), top+panelHeight+14, "middle", 10, fmt.Sprintf("%dm", int(t.Minutes())))
	}
	text(w, marginLeft+plotW, top+panelHeight+28, "end", 10, "elapsed time since the start (minutes)")
	for _, m := range h.Marks {
		fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#bbb" stroke-dasharray="4 3"/>`+"\n", x(m.At), top, x(m.At), top+panelHeight)
	}
	lastLabel := -1e9
	for _, m := range h.StageMarks {
		fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#666"/>`+"\n", x(m.At), top+panelHeight-6, x(m.At), top+panelHeight)
		if x(m.At)-lastLabel < 9 {
			continue // too close to the label before to be read
		}
		lastLabel = x(m.At)
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" font-size="8" fill="#666" transform="rotate(-90 %.1f %.1f)">`, x(m.At)+3, top+panelHeight-8, x(m.At)+3, top+panelHeight-8)
		xml.EscapeText(w, []byte(m.Label()))
		fmt.Fprintln(w, "</text>")
	}
	row := 0
	for i, rev := range h.Revisions {
		if !slices.ContainsFunc(h.Traffic, func(s trafficSample) bool { return s.Production[rev] > 0 || s.Test[rev] > 0 }) {
			continue
		}
		colour := palette[i%len(palette)]
		off := 2.0 * float64(i)
		for _, ser := range []struct {
			of   func(trafficSample) map[string]float64
			attr string
		}{
			{func(s trafficSample) map[string]float64 { return s.Production }, ` stroke-width="2"`},
			{func(s trafficSample) map[string]float64 { return s.Test }, ` stroke-width="1" stroke-dasharray="1 3"`},
		} {
			var pts strings.Builder
			prev := 0.0
			fmt.Fprintf(&pts, "%.1f,%.1f", x(0), y(0)-off)
			for _, s := range h.Traffic {
				if p := ser.of(s)[rev]; p != prev {
					fmt.Fprintf(&pts, " %.1f,%.1f %.1f,%.1f", x(s.At), y(prev)-off, x(s.At), y(p)-off)
					prev = p
				}
			}
			fmt.Fprintf(&pts, " %.1f,%.1f", x(end), y(prev)-off)
			fmt.Fprintf(w, `<polyline fill="none" stroke="%s"%s points="%s"/>`+"\n", colour, ser.attr, pts.String())
		}
		ly := top + 14 + float64(row)*30
		row++
		fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="3"/>`+"\n", marginLeft+plotW+10, ly-4, marginLeft+plotW+28, ly-4, colour)
		text(w, marginLeft+plotW+34, ly, "start", 11, rev)
	}
}

func tickEvery(end time.Duration) time.Duration {
	for _, t := range []time.Duration{time.Minute, 5 * time.Minute, 10 * time.Minute, 30 * time.Minute, time.Hour} {
		if end/t <= 12 {
			return t
		}
	}
	return end / 10
}

// text writes one escaped text element.
func text(w io.Writer, x, y float64, anchor string, size int, s string) {
	fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="%s" font-size="%d">`, x, y, anchor, size)
	xml.EscapeText(w, []byte(s))
	fmt.Fprintln(w, "</text>")
}
