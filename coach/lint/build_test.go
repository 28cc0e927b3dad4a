package lint

import (
	"runtime"
	"slices"
	"testing"
)

// TestCompiledIndex checks the indexes the compile derives against the
// graph itself: for every node, the words accept says it can read are
// exactly the word edges of its closure (so no two different sets were
// merged when the nodes' bitsets were shared), open marks exactly the
// closures that end a phrase or open a gap, and the root index lists every
// phrase start under its first word, or its first two.
func TestCompiledIndex(t *testing.T) {
	tb := phrases()
	n := int32(len(tb.gap))
	byNode := make([][]int32, n) // the words each node has edges for
	for k := range tb.edges {
		if len(tb.edgesOf(k)) == 0 {
			t.Fatalf("edge key %x has no nodes", k)
		}
		node, word := int32(k>>32), int32(uint32(k))
		byNode[node] = append(byNode[node], word)
	}
	var closure func(n int32, acc []int32) []int32
	closure = func(n int32, acc []int32) []int32 {
		acc = append(acc, n)
		for _, e := range tb.epsOf(n) {
			acc = closure(e, acc)
		}
		return acc
	}
	reads := make([][]int32, n) // the words each node's closure reads
	for node := range n {
		var want []int32
		open := false
		for _, c := range closure(node, nil) {
			want = append(want, byNode[c]...)
			open = open || len(tb.outsOf(c)) > 0 || tb.gap[c] >= 0
		}
		slices.Sort(want)
		want = slices.Compact(want)
		if tb.acceptCount(node) != len(want) {
			t.Fatalf("node %d reads %d words, its closure has edges for %d", node, tb.acceptCount(node), len(want))
		}
		for _, w := range want {
			if !tb.reads(node, w) {
				t.Fatalf("node %d does not read word %d its closure has an edge for", node, w)
			}
		}
		reads[node] = want
		if tb.open[node] != open {
			t.Fatalf("node %d: open %v, want %v", node, tb.open[node], open)
		}
	}
	starts, indexed := 0, 0
	for _, w1 := range byNode[0] {
		for _, c := range tb.edgesOf(edgeKey(0, w1)) {
			if tb.open[c] {
				starts++
				if !slices.Contains(tb.rootOpen[w1], c) {
					t.Fatalf("open start %d of word %d is not in rootOpen", c, w1)
				}
				continue
			}
			for _, w2 := range reads[c] {
				starts++
				if !slices.Contains(tb.rootPair[edgeKey(w1, w2)], c) {
					t.Fatalf("start %d of words %d %d is not in rootPair", c, w1, w2)
				}
			}
		}
	}
	for _, v := range tb.rootOpen {
		indexed += len(v)
	}
	for _, v := range tb.rootPair {
		indexed += len(v)
	}
	if starts != indexed {
		t.Errorf("the root index holds %d entries, want %d", indexed, starts)
	}
}

// BenchmarkCompileRetained reports the heap a compiled phrase table keeps
// once the garbage of compiling it is collected (retained-B). B/op, from
// -benchmem, is what the compile allocates in all.
func BenchmarkCompileRetained(b *testing.B) {
	b.ReportAllocs()
	var retained uint64
	var m runtime.MemStats
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&m)
		base := m.HeapAlloc
		t, err := compile(phraseFile)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&m)
		retained += m.HeapAlloc - base
		runtime.KeepAlive(t)
	}
	b.ReportMetric(float64(retained)/float64(b.N), "retained-B")
}
