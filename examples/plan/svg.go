package main

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/ecsstate/ecsstate"
)

// The chart's geometry, in SVG user units.
const (
	chartWidth   = 860
	chartHeight  = 300
	marginLeft   = 50
	marginRight  = 190
	marginTop    = 40
	marginBottom = 50
)

// palette colours the deployments; it repeats after eight.
var palette = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"}

// writeChart draws the predicted rollout as an SVG document: the tasks of
// each deployment over simulated time (solid: running; dashed: running and
// pending), the floor and ceiling of the deployment configuration as
// horizontal lines, and each batch as a dotted vertical line. It uses only
// the standard library, every label escaped with encoding/xml.
func writeChart(out io.Writer, p *ecsstate.Prediction) error {
	w := bufio.NewWriter(out)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">
<rect width="100%%" height="100%%" fill="white"/>
`, chartWidth, chartHeight, chartWidth, chartHeight)
	title := fmt.Sprintf("ecsstate plan: service %s → %s, tasks per deployment", p.Service, path.Base(p.TaskDefinition))
	text(w, marginLeft, 20, "start", 14, title)
	end := p.End.Sub(p.Start)
	if end <= 0 {
		end = time.Minute
	}
	// The deployments in order of appearance, and the highest count.
	var ids []string
	rev := map[string]string{}
	maxN := max(p.Ceiling, int64(p.DesiredCount))
	for _, c := range p.Counts {
		for _, d := range c.Deployments {
			if _, ok := rev[d.ID]; !ok {
				ids = append(ids, d.ID)
				rev[d.ID] = path.Base(d.TaskDefinition)
			}
			maxN = max(maxN, int64(d.Running+d.Pending))
		}
	}
	maxN++ // headroom
	plotW := float64(chartWidth - marginLeft - marginRight)
	plotH := float64(chartHeight - marginTop - marginBottom)
	x := func(d time.Duration) float64 { return marginLeft + plotW*float64(d)/float64(end) }
	y := func(n int64) float64 { return marginTop + plotH - plotH*float64(n)/float64(maxN) }
	fmt.Fprintf(w, `<rect x="%d" y="%d" width="%.1f" height="%.1f" fill="none" stroke="#999"/>`+"\n", marginLeft, marginTop, plotW, plotH)
	step := max(1, maxN/5)
	for n := int64(0); n <= maxN; n += step {
		fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#eee"/>`+"\n", marginLeft, y(n), marginLeft+plotW, y(n))
		text(w, marginLeft-6, y(n)+4, "end", 10, fmt.Sprint(n))
	}
	every := tickEvery(end)
	for t := time.Duration(0); t <= end; t += every {
		text(w, x(t), marginTop+plotH+14, "middle", 10, t.String())
	}
	text(w, marginLeft+plotW/2, marginTop+plotH+32, "middle", 10, "simulated time after the UpdateService call")
	for _, b := range p.Batches {
		xb := x(b.At.Sub(p.Start))
		fmt.Fprintf(w, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%.1f" stroke="#ccc" stroke-dasharray="1 3"/>`+"\n", xb, marginTop, xb, marginTop+plotH)
	}
	// Floor and ceiling.
	for _, l := range []struct {
		n     int64
		label string
	}{{p.Floor, fmt.Sprintf("floor %d (minimum healthy)", p.Floor)}, {p.Ceiling, fmt.Sprintf("ceiling %d (maximum)", p.Ceiling)}} {
		fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#888" stroke-dasharray="6 3"/>`+"\n", marginLeft, y(l.n), marginLeft+plotW, y(l.n))
		text(w, marginLeft+plotW+6, y(l.n)+4, "start", 10, l.label)
	}
	// One step line per deployment and count, raised a little per series so
	// that equal counts stay visible side by side.
	for i, id := range ids {
		colour := palette[i%len(palette)]
		for k, dashed := range []bool{false, true} {
			off := 2.5*float64(i) + 1.2*float64(k)
			var pts strings.Builder
			var prev int64 = -1
			for _, c := range p.Counts {
				var n int64
				for _, d := range c.Deployments {
					if d.ID == id {
						n = int64(d.Running)
						if dashed {
							n += int64(d.Pending)
						}
					}
				}
				xt := x(c.At.Sub(p.Start))
				if prev < 0 {
					fmt.Fprintf(&pts, "%.1f,%.1f", xt, y(n)-off)
				} else if n != prev {
					fmt.Fprintf(&pts, " %.1f,%.1f %.1f,%.1f", xt, y(prev)-off, xt, y(n)-off)
				}
				prev = n
			}
			if prev < 0 {
				continue
			}
			fmt.Fprintf(&pts, " %.1f,%.1f", x(end), y(prev)-off)
			dash := ""
			if dashed {
				dash = ` stroke-dasharray="5 3" stroke-opacity="0.6"`
			}
			fmt.Fprintf(w, `<polyline fill="none" stroke="%s" stroke-width="2"%s points="%s"/>`+"\n", colour, dash, pts.String())
		}
		ly := float64(marginTop+40) + float64(i)*16
		fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="3"/>`+"\n", marginLeft+plotW+10, ly-4, marginLeft+plotW+28, ly-4, colour)
		text(w, marginLeft+plotW+34, ly, "start", 11, rev[id]+" "+shortID(id))
	}
	fmt.Fprintln(w, "</svg>")
	return w.Flush()
}

func tickEvery(end time.Duration) time.Duration {
	for _, t := range []time.Duration{15 * time.Second, 30 * time.Second, time.Minute, 5 * time.Minute, 10 * time.Minute, 30 * time.Minute, time.Hour} {
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
