package markdown

import (
	"os"
	"testing"
)

func TestProbePath(t *testing.T) {
	if os.Getenv("PP") == "" {
		t.Skip()
	}
	for _, tc := range pathological() {
		if os.Getenv("PP") != "all" && os.Getenv("PP") != tc.name {
			continue
		}
		q := tc.body[:len(tc.body)/4]
		s := cpuTime()
		Render(q)
		tq := cpuTime() - s
		s = cpuTime()
		Render(tc.body)
		tf := cpuTime() - s
		t.Logf("%-40s full %6.0fms quarter %6.0fms ratio %.1f", tc.name, ms(tf), ms(tq), ms(tf)/ms(tq))
	}
}

func ms(d interface{ Nanoseconds() int64 }) float64 { return float64(d.Nanoseconds()) / 1e6 }
