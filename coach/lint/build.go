package lint

import (
	"cmp"
	"fmt"
	mathbits "math/bits"
	"slices"
	"strings"
)

// builder holds what compiling the phrase graph needs and the finished
// table does not. The graph under construction lives in a few flat slices
// (linked lists for the word-free edges, one list of word edges) rather
// than a slice per node, and the scratch buffers are reused from one phrase
// to the next: the compile runs once per process, but its garbage sets the
// process's peak heap, so it allocates little more than the table it
// returns. The builder is dropped once finish has filled the table.
type builder struct {
	t *table
	// epsHead and epsTail are, per node, the first and the last of its
	// word-free edges (-1 for none); edge e leads to epsTo[e] and is
	// followed by epsNext[e], in the order the edges were added.
	epsHead, epsTail []int32
	epsTo, epsNext   []int32
	// wedges lists the word edges in the order they were added.
	wedges []wordEdge
	// outs lists the phrase ends, in the order they were added.
	outs []nodeOutput
	// Scratch.
	closure []int32
	folded  []byte
	foldSrc []int32
	ids     []int32
}

type wordEdge struct{ from, word, to int32 }

type nodeOutput struct {
	node int32
	o    output
}

// push appends v, doubling the capacity when s is full: append grows a
// large slice by a quarter at a time, which allocates about five times
// its final size over the compile.
func push[S ~[]E, E any](s S, v E) S {
	if len(s) == cap(s) {
		s = slices.Grow(s, max(len(s), 64))
	}
	return append(s, v)
}

func newBuilder(t *table) *builder {
	return &builder{t: t}
}

func (b *builder) node() int32 {
	b.t.gap = push(b.t.gap, -1)
	b.epsHead = push(b.epsHead, -1)
	b.epsTail = push(b.epsTail, -1)
	return int32(len(b.t.gap) - 1)
}

// eps adds a word-free edge.
func (b *builder) eps(from, to int32) {
	e := int32(len(b.epsTo))
	b.epsTo = push(b.epsTo, to)
	b.epsNext = push(b.epsNext, -1)
	if last := b.epsTail[from]; last < 0 {
		b.epsHead[from] = e
	} else {
		b.epsNext[last] = e
	}
	b.epsTail[from] = e
}

func (b *builder) edge(from, word, to int32) {
	b.wedges = push(b.wedges, wordEdge{from, word, to})
}

// closureOf appends to acc n and every node reached from it without
// reading a word, depth first: a node reached twice is listed twice.
func (b *builder) closureOf(n int32, acc []int32) []int32 {
	acc = append(acc, n)
	for e := b.epsHead[n]; e >= 0; e = b.epsNext[e] {
		acc = b.closureOf(b.epsTo[e], acc)
	}
	return acc
}

func (b *builder) reaches(from, to int32) bool {
	b.closure = b.closureOf(from, b.closure[:0])
	return slices.Contains(b.closure, to)
}

// wordIDs returns the word ids of plain pattern text, as wordsOf splits it,
// in a buffer reused by the next call.
func (b *builder) wordIDs(p string) []int32 {
	b.ids = b.ids[:0]
	for f := range strings.FieldsSeq(p) {
		if f == gapWord || f == anchorStart || f == anchorEnd {
			b.ids = append(b.ids, b.t.word(f))
			continue
		}
		b.folded, b.foldSrc = fold(b.folded[:0], b.foldSrc[:0], f)
		eachWord(b.folded, func(w []byte) {
			id, ok := b.t.dict[string(w)]
			if !ok {
				id = b.t.word(string(w))
			}
			b.ids = append(b.ids, id)
		})
	}
	return b.ids
}

// add compiles one pattern into a graph of its own, then links the root to
// it by the words the pattern can open with.
func (b *builder) add(pat string, o output) error {
	pat = strings.TrimSpace(pat)
	if rest, ok := strings.CutPrefix(pat, anchorStart+" "); ok {
		pat, o.flags = rest, o.flags|flagStart
	}
	if rest, ok := strings.CutSuffix(pat, " "+anchorEnd); ok {
		pat, o.flags = rest, o.flags|flagEnd
	}
	start := b.node()
	first := len(b.wedges)
	p := patternParser{b: b, src: pat}
	end, err := p.seq(start, false)
	if err != nil {
		return fmt.Errorf("%q: %w", pat, err)
	}
	if p.pos < len(p.src) {
		return fmt.Errorf("%q: an unmatched } or |", pat)
	}
	if b.reaches(start, end) {
		return fmt.Errorf("%q: the phrase can be empty", pat)
	}
	b.outs = push(b.outs, nodeOutput{end, o})
	// The root's edges: every word edge leaving the start's closure. A
	// phrase cannot open with a gap. The pattern's own word edges are
	// wedges[first:own]; every node of the closure is the pattern's.
	own := len(b.wedges)
	b.closure = b.closureOf(start, b.closure[:0])
	for _, c := range b.closure {
		if b.t.gap[c] >= 0 {
			return fmt.Errorf("%q: a phrase cannot start with ...", pat)
		}
		for i := first; i < own; i++ {
			if e := b.wedges[i]; e.from == c {
				b.edge(0, e.word, e.to)
			}
		}
	}
	return nil
}

// finish turns the graph into the table's final form (one backing array
// per kind of edge, maps made at their final size), then fills open,
// accept and the root index.
func (b *builder) finish() {
	t := b.t
	n := len(t.gap)
	t.gap = slices.Clone(t.gap)
	t.bits = slices.Clone(t.bits)

	t.epsAt = make([]int32, n+1)
	t.epsTo = make([]int32, len(b.epsTo))
	k := 0
	for node := range n {
		for e := b.epsHead[node]; e >= 0; e = b.epsNext[e] {
			t.epsTo[k] = b.epsTo[e]
			k++
		}
		t.epsAt[node+1] = int32(k)
	}

	slices.SortStableFunc(b.outs, func(x, y nodeOutput) int { return cmp.Compare(x.node, y.node) })
	t.outAt = make([]int32, n+1)
	t.outList = make([]output, len(b.outs))
	for i, o := range b.outs {
		t.outList[i] = o.o
		t.outAt[o.node+1]++
	}
	for i := range n {
		t.outAt[i+1] += t.outAt[i]
	}

	// The word edges by node (a counting sort keeps their order), then by
	// word within a node, so each edges key owns a run of one array.
	start := make([]int32, n+1)
	for _, e := range b.wedges {
		start[e.from+1]++
	}
	for i := range n {
		start[i+1] += start[i]
	}
	words := make([]wordEdge, len(b.wedges))
	next := slices.Clone(start[:n])
	for _, e := range b.wedges {
		words[next[e.from]] = e
		next[e.from]++
	}
	b.wedges, next = nil, nil
	keys := 0
	for node := range n {
		run := words[start[node]:start[node+1]]
		slices.SortStableFunc(run, func(x, y wordEdge) int { return cmp.Compare(x.word, y.word) })
		for i := range run {
			if i == 0 || run[i].word != run[i-1].word {
				keys++
			}
		}
	}
	t.edges = make(map[uint64]uint64, keys)
	t.edgeTo = make([]int32, len(words))
	for i := 0; i < len(words); {
		j := i
		for j < len(words) && words[j].from == words[i].from && words[j].word == words[i].word {
			t.edgeTo[j] = words[j].to
			j++
		}
		t.edges[edgeKey(words[i].from, words[i].word)] = uint64(i)<<32 | uint64(j-i)
		i = j
	}

	b.index(words, start)
}

// index fills open and accept, then the root index.
func (b *builder) index(words []wordEdge, start []int32) {
	t := b.t
	n := len(t.gap)
	t.open = make([]bool, n)
	t.accept = make([]int32, n)
	width := (len(t.bits) + 63) / 64
	// Many nodes read the same words next; they share one bitset. While
	// the sets are found, each is kept as its list of word ids (ids[at[k]:
	// at[k+1]] for set k), far smaller than its bitset, and found again by
	// its hash; chain links the sets that share a hash. The bitsets are
	// made at the end, at their final size.
	set := make([]uint64, width)
	var list, ids []int32
	at := []int32{0}
	var chain []int32
	byHash := map[uint64]int32{}
	for node := range n {
		clear(set)
		b.closure = b.closureOf(int32(node), b.closure[:0])
		for _, c := range b.closure {
			if len(t.outsOf(c)) > 0 || t.gap[c] >= 0 {
				t.open[node] = true
			}
			for _, e := range words[start[c]:start[c+1]] {
				set[e.word/64] |= 1 << (e.word % 64)
			}
		}
		list = list[:0]
		for i, bits := range set {
			for ; bits != 0; bits &= bits - 1 {
				list = append(list, int32(i*64+mathbits.TrailingZeros64(bits)))
			}
		}
		if len(list) == 0 {
			t.accept[node] = -1
			continue
		}
		h := hashIDs(list)
		k := int32(-1)
		head, seen := byHash[h]
		for s := head; seen && s >= 0; s = chain[s] {
			if slices.Equal(ids[at[s]:at[s+1]], list) {
				k = s
				break
			}
		}
		if k < 0 {
			k = int32(len(chain))
			if !seen {
				head = -1
			}
			chain = push(chain, head)
			byHash[h] = k
			for _, id := range list {
				ids = push(ids, id)
			}
			at = push(at, int32(len(ids)))
		}
		t.accept[node] = k * int32(width)
	}
	t.sets = make([]uint64, len(chain)*width)
	for k := range chain {
		for _, id := range ids[at[k]:at[k+1]] {
			t.sets[k*width+int(id/64)] |= 1 << (id % 64)
		}
	}

	// The root's edges are sorted by word, so the nodes of one first word
	// are neighbours, in the order their phrases were added.
	root := words[start[0]:start[1]]
	t.rootOpen = make([][]int32, len(t.bits))
	pairs := 0
	for _, e := range root {
		if !t.open[e.to] {
			pairs += t.acceptCount(e.to)
		}
	}
	opens := make([]int32, 0, len(root))
	type pair struct {
		key  uint64
		node int32
	}
	byPair := make([]pair, 0, pairs)
	for i := 0; i < len(root); {
		w1, from := root[i].word, len(opens)
		for ; i < len(root) && root[i].word == w1; i++ {
			c := root[i].to
			if t.open[c] {
				opens = append(opens, c)
				continue
			}
			if s := t.accept[c]; s >= 0 {
				for j, bits := range t.sets[s : int(s)+width] {
					for ; bits != 0; bits &= bits - 1 {
						w2 := int32(j*64 + mathbits.TrailingZeros64(bits))
						byPair = append(byPair, pair{edgeKey(w1, w2), c})
					}
				}
			}
		}
		if len(opens) > from {
			t.rootOpen[w1] = opens[from:len(opens):len(opens)]
		}
	}
	slices.SortStableFunc(byPair, func(x, y pair) int { return cmp.Compare(x.key, y.key) })
	keys := 0
	for i := range byPair {
		if i == 0 || byPair[i].key != byPair[i-1].key {
			keys++
		}
	}
	t.rootPair = make(map[uint64][]int32, keys)
	nodes := make([]int32, len(byPair))
	for i := 0; i < len(byPair); {
		j := i
		for ; j < len(byPair) && byPair[j].key == byPair[i].key; j++ {
			nodes[j] = byPair[j].node
		}
		t.rootPair[byPair[i].key] = nodes[i:j:j]
		i = j
	}
}

// hashIDs hashes a list of word ids (FNV-1a, then a final mix).
func hashIDs(ids []int32) uint64 {
	h := uint64(14695981039346656037)
	for _, id := range ids {
		h = (h ^ uint64(id)) * 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	return h ^ h>>33
}

// acceptCount counts the words a walk at node can read next.
func (t *table) acceptCount(node int32) int {
	s := t.accept[node]
	if s < 0 {
		return 0
	}
	n := 0
	for _, w := range t.sets[s : int(s)+(len(t.bits)+63)/64] {
		n += mathbits.OnesCount64(w)
	}
	return n
}

// reads reports whether a walk at node can go on with word id.
func (t *table) reads(node, id int32) bool {
	s := t.accept[node]
	return s >= 0 && id > 0 && t.sets[s+id/64]&(1<<(id%64)) != 0
}
