package pipeline

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"nianbao/fonts"
	"nianbao/internal/gen"
	"nianbao/theme"
)

// BenchmarkBatch200 builds 200 generated township reports (PDF, DOCX, JSON) with two workers,
// the district's January run in one process; reports/s is the figure in BENCHMARKS.md.
func BenchmarkBatch200(b *testing.B) {
	dir := b.TempDir()
	var files []string
	for i := range 200 {
		p := filepath.Join(dir, gen.Name(i))
		os.WriteFile(p, []byte(gen.Report(i, 1)), 0o644)
		files = append(files, p)
	}
	set, err := fonts.Resolve(fonts.Options{NoSystem: true})
	if err != nil {
		b.Fatal(err)
	}
	// as the command runs a batch (cmd/nianbao's tuneGC)
	defer debug.SetGCPercent(debug.SetGCPercent(200))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(80 << 20))
	batch := &Batch{Options: Options{Theme: theme.New(), Fonts: set, PDF: true, DOCX: true, JSON: true}, Jobs: 2}
	for b.Loop() {
		out := b.TempDir()
		res, err := batch.Run(files, out)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
	}
	b.ReportMetric(float64(200*b.N)/b.Elapsed().Seconds(), "reports/s")
}
