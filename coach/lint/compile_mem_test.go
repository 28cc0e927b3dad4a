package lint

import (
	"runtime"
	"testing"
)

// BenchmarkCompileRetained reports the heap a compiled phrase table keeps
// once the garbage of compiling it is collected (retained-B), and the heap
// in use right after the compile, before any collection (peak-heap-B): the
// high-water mark a process reaches when it lints for the first time.
func BenchmarkCompileRetained(b *testing.B) {
	var retained, peak uint64
	var m runtime.MemStats
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&m)
		base := m.HeapAlloc
		t, err := compile(phraseFile)
		if err != nil {
			b.Fatal(err)
		}
		runtime.ReadMemStats(&m)
		peak += m.HeapAlloc - base
		runtime.GC()
		runtime.ReadMemStats(&m)
		retained += m.HeapAlloc - base
		runtime.KeepAlive(t)
	}
	b.ReportMetric(float64(retained)/float64(b.N), "retained-B")
	b.ReportMetric(float64(peak)/float64(b.N), "peak-heap-B")
}
