package textmodel

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Config sets how a model is trained. The zero value trains with the
// defaults below.
type Config struct {
	// Bits is the size of the hashed feature space, 1<<Bits buckets
	// (default 18, at most 24).
	Bits uint
	// MinDocs drops features found in fewer training texts (default 2):
	// a word seen once says more about that story than about its class.
	MinDocs int
	// Epochs is how many passes training makes over the texts (default 40).
	Epochs int
	// Rate is the AdaGrad learning rate (default 0.5).
	Rate float64
	// L2 is the weight decay on feature weights (default 1e-4).
	L2 float64
	// Seed orders the passes; the same seed gives the same model.
	Seed uint64
	// Presence trains one yes-or-no classifier per class (a sigmoid each)
	// instead of one choice among the classes (a softmax): a text's
	// probabilities then need not add up to one, so a class a text states
	// beside a stronger one keeps its own probability instead of sharing
	// what the stronger one leaves.
	Presence bool
}

func (c Config) withDefaults() Config {
	c.Bits = min(cmp.Or(c.Bits, 18), 24)
	c.MinDocs = cmp.Or(c.MinDocs, 2)
	c.Epochs = cmp.Or(c.Epochs, 40)
	c.Rate = cmp.Or(c.Rate, 0.5)
	c.L2 = cmp.Or(c.L2, 1e-4)
	return c
}

// Doc is one training text with its classes (one or more; a text with two
// classes counts half for each).
type Doc struct {
	Text   string
	Labels []int
}

// Model is a trained classifier. It is safe for concurrent use.
type Model struct {
	classes int
	bits    uint
	// index maps a bucket to its row of weights; row 0 is "no feature".
	index   []uint16
	buckets []uint32 // bucket of each row, row 0 unused
	weights []float32
	bias    []float32
	// quantum is the step weights are rounded to, so a trained model and
	// the same model read back from its bytes score identically.
	quantum float32
	// presence is set for a model of one sigmoid per class.
	presence bool
}

// Presence reports whether the model gives each class its own yes-or-no
// probability (Config.Presence) rather than a share of one.
func (m *Model) Presence() bool { return m.presence }

// Classes is how many classes the model tells apart.
func (m *Model) Classes() int { return m.classes }

func (m *Model) bucket(h uint32) uint32 { return h >> (32 - m.bits) }

func (m *Model) row(h uint32) int { return int(m.index[m.bucket(h)]) }

// Scores sets out[k] to the model's log-odds (logits) for class k of text,
// and returns how many features of text the model knows: how much it had
// to go on. out must have Classes() entries. It allocates nothing.
func (m *Model) Scores(text string, out []float64) (known int) {
	k := m.classes
	var sum [maxClasses]float32
	n := 0
	features(text, func(f feature) {
		n++
		r := m.row(f.hash)
		if r == 0 {
			return
		}
		known++
		w := m.weights[r*k : r*k+k]
		for c := range w {
			sum[c] += w[c]
		}
	})
	scale := 1.0
	if n > 0 {
		scale = 1 / math.Sqrt(float64(n))
	}
	for c := range k {
		out[c] = float64(m.bias[c]) + scale*float64(sum[c])
	}
	return known
}

// Probs sets out to the class probabilities of text (a softmax of
// Scores, or for a presence model a sigmoid of each) and returns how many
// features of text the model knows.
func (m *Model) Probs(text string, out []float64) (known int) {
	known = m.Scores(text, out)
	m.squash(out[:m.classes])
	return known
}

// squash turns logits into probabilities.
func (m *Model) squash(z []float64) {
	if m.presence {
		for i, v := range z {
			z[i] = sigmoid(v)
		}
		return
	}
	softmax(z)
}

func sigmoid(v float64) float64 { return 1 / (1 + math.Exp(-v)) }

// SentenceProbs sets out[k] to the highest probability of class k that
// any one sentence of text gets on its own, each sentence scored as a
// text of its own: a class one sentence states keeps its weight however
// much the rest of the text says about another. It returns how many
// features of the whole text the model knows. out must have Classes()
// entries. It allocates nothing.
func (m *Model) SentenceProbs(text string, out []float64) (known int) {
	return ProbsAndSentences(nil, m, text, nil, out)
}

// ProbsAndSentences is m.Probs(text, probs) and ps.SentenceProbs(text,
// best) in one reading of text, for a caller that wants both (either model
// may be nil, and its output is then left alone). It returns how many
// features of text m knows (ps, when m is nil). It allocates nothing.
func ProbsAndSentences(m, ps *Model, text string, probs, best []float64) (known int) {
	var doc, sent [maxClasses]float32
	var z [maxClasses]float64
	if ps != nil {
		for c := range ps.classes {
			best[c] = 0
		}
	}
	n, inSentence, sentence := 0, 0, -1
	flush := func() {
		if ps == nil || inSentence == 0 {
			return
		}
		k := ps.classes
		scale := 1 / math.Sqrt(float64(inSentence))
		for c := range k {
			z[c] = float64(ps.bias[c]) + scale*float64(sent[c])
		}
		ps.squash(z[:k])
		for c := range k {
			best[c] = max(best[c], z[c])
			sent[c] = 0
		}
		inSentence = 0
	}
	features(text, func(f feature) {
		if f.sentence != sentence {
			flush()
			sentence = f.sentence
		}
		n++
		inSentence++
		if m != nil {
			if r := m.row(f.hash); r != 0 {
				known++
				k := m.classes
				for c, v := range m.weights[r*k : r*k+k] {
					doc[c] += v
				}
			}
		}
		if ps != nil {
			if r := ps.row(f.hash); r != 0 {
				if m == nil {
					known++
				}
				k := ps.classes
				for c, v := range ps.weights[r*k : r*k+k] {
					sent[c] += v
				}
			}
		}
	})
	flush()
	if m != nil {
		scale := 1.0
		if n > 0 {
			scale = 1 / math.Sqrt(float64(n))
		}
		for c := range m.classes {
			probs[c] = float64(m.bias[c]) + scale*float64(doc[c])
		}
		m.squash(probs[:m.classes])
	}
	return known
}

func softmax(z []float64) {
	top := math.Inf(-1)
	for _, v := range z {
		top = max(top, v)
	}
	var total float64
	for i, v := range z {
		z[i] = math.Exp(v - top)
		total += z[i]
	}
	for i := range z {
		z[i] /= total
	}
}

// Strongest returns the bytes of text a reader can be shown as why the
// model leans to class: the sentence whose features speak most for class
// (against the other classes on average), added up, and in it the feature
// that speaks most. A sentence weighs more than one word, so a single word
// common to every story ("silent") does not win over a sentence that says
// something. Negated words are never chosen ("not a budget thing" does not
// show a budget), nor words for which skip (when not nil) returns true.
// weight is the chosen sentence's sum. ok is false when no sentence speaks
// for the class.
func (m *Model) Strongest(text string, class int, skip func(start, end int) bool) (start, end int, weight float32, ok bool) {
	k := m.classes
	var (
		cur, curBest     float32
		curStart, curEnd int
		curSentence      = -1
	)
	flush := func() {
		if curSentence >= 0 && curBest > 0 && cur > weight {
			weight, start, end, ok = cur, curStart, curEnd, true
		}
		cur, curBest = 0, 0
	}
	features(text, func(f feature) {
		if f.sentence != curSentence {
			flush()
			curSentence = f.sentence
		}
		r := m.row(f.hash)
		if r == 0 || f.negated || skip != nil && skip(f.start, f.end) {
			return
		}
		w := m.weights[r*k : r*k+k]
		var mean float32
		for _, v := range w {
			mean += v
		}
		mean /= float32(k)
		c := w[class] - mean
		cur += c
		if c > curBest {
			curBest, curStart, curEnd = c, f.start, f.end
		}
	})
	flush()
	return start, end, weight, ok
}

// maxClasses bounds the classes a model can have, so scoring needs no
// allocation.
const maxClasses = 32

// Train fits a model to docs over classes classes. It is deterministic.
func Train(docs []Doc, classes int, cfg Config) (*Model, error) {
	if classes < 2 || classes > maxClasses {
		return nil, fmt.Errorf("textmodel: %d classes, want 2 to %d", classes, maxClasses)
	}
	cfg = cfg.withDefaults()
	m := &Model{classes: classes, bits: cfg.Bits, presence: cfg.Presence}

	// Keep the buckets found in at least MinDocs texts, rows in bucket
	// order so the model does not depend on map order.
	df := map[uint32]int{}
	seen := map[uint32]bool{}
	for _, d := range docs {
		for _, l := range d.Labels {
			if l < 0 || l >= classes {
				return nil, fmt.Errorf("textmodel: label %d out of range", l)
			}
		}
		clear(seen)
		features(d.Text, func(f feature) {
			b := m.bucket(f.hash)
			if !seen[b] {
				seen[b] = true
				df[b]++
			}
		})
	}
	m.buckets = []uint32{0}
	for b, n := range df {
		if n >= cfg.MinDocs {
			m.buckets = append(m.buckets, b)
		}
	}
	slices.Sort(m.buckets[1:])
	if len(m.buckets) > math.MaxUint16 {
		return nil, fmt.Errorf("textmodel: %d features, at most %d", len(m.buckets)-1, math.MaxUint16-1)
	}
	m.index = make([]uint16, 1<<cfg.Bits)
	for r, b := range m.buckets[1:] {
		m.index[b] = uint16(r + 1)
	}

	// Each text as its rows (with repeats) and its length scale.
	type sample struct {
		rows   []int32
		scale  float64
		target []float64
	}
	samples := make([]sample, len(docs))
	for i, d := range docs {
		s := sample{target: make([]float64, classes)}
		n := 0
		features(d.Text, func(f feature) {
			n++
			if r := m.row(f.hash); r != 0 {
				s.rows = append(s.rows, int32(r))
			}
		})
		if n > 0 {
			s.scale = 1 / math.Sqrt(float64(n))
		}
		for _, l := range d.Labels {
			if cfg.Presence {
				s.target[l] = 1
				continue
			}
			s.target[l] += 1 / float64(len(d.Labels))
		}
		samples[i] = s
	}

	w := make([]float64, len(m.buckets)*classes)
	g2 := make([]float64, len(w))
	bias := make([]float64, classes)
	bg2 := make([]float64, classes)
	z := make([]float64, classes)
	order := make([]int, len(samples))
	for i := range order {
		order[i] = i
	}
	rng := cfg.Seed ^ 0x9e3779b97f4a7c15
	const eps = 1e-8
	for range cfg.Epochs {
		// Fisher-Yates with splitmix64, the same on every machine.
		for i := len(order) - 1; i > 0; i-- {
			rng += 0x9e3779b97f4a7c15
			x := rng
			x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
			x = (x ^ x>>27) * 0x94d049bb133111eb
			x ^= x >> 31
			j := int(x % uint64(i+1))
			order[i], order[j] = order[j], order[i]
		}
		for _, i := range order {
			s := samples[i]
			copy(z, bias)
			for _, r := range s.rows {
				row := w[int(r)*classes : int(r)*classes+classes]
				for c := range z {
					z[c] += s.scale * row[c]
				}
			}
			m.squash(z)
			for c := range z {
				// The gradient of the loss on logit c, the same form for
				// the softmax's cross-entropy and for each sigmoid's.
				z[c] -= s.target[c]
			}
			for c := range bias {
				bg2[c] += z[c] * z[c]
				bias[c] -= cfg.Rate * z[c] / math.Sqrt(bg2[c]+eps)
			}
			for _, r := range s.rows {
				base := int(r) * classes
				for c := range z {
					g := s.scale*z[c] + cfg.L2*w[base+c]
					g2[base+c] += g * g
					w[base+c] -= cfg.Rate * g / math.Sqrt(g2[base+c]+eps)
				}
			}
		}
	}

	// Round the weights to an int16 grid, as they are stored.
	top := 0.0
	for _, v := range w {
		top = max(top, math.Abs(v))
	}
	m.quantum = float32(top / math.MaxInt16)
	if m.quantum == 0 {
		m.quantum = 1
	}
	m.weights = make([]float32, len(w))
	for i, v := range w {
		m.weights[i] = float32(math.Round(v/float64(m.quantum))) * m.quantum
	}
	m.bias = make([]float32, classes)
	for c, v := range bias {
		m.bias[c] = float32(v)
	}
	return m, nil
}

// magic opens a model's bytes; presenceMagic a presence model's.
const (
	magic         = "ghtm1\n"
	presenceMagic = "ghtp1\n"
)

// MarshalBinary writes the model: a header, the biases, then each feature
// row as its bucket and int16 weights.
func (m *Model) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	if m.presence {
		b.WriteString(presenceMagic)
	} else {
		b.WriteString(magic)
	}
	le := binary.LittleEndian
	put := func(v any) { _ = binary.Write(&b, le, v) }
	put(uint8(m.classes))
	put(uint8(m.bits))
	put(uint32(len(m.buckets) - 1))
	put(m.quantum)
	put(m.bias)
	for r := 1; r < len(m.buckets); r++ {
		put(m.buckets[r])
		for _, v := range m.weights[r*m.classes : (r+1)*m.classes] {
			put(int16(math.Round(float64(v / m.quantum))))
		}
	}
	return b.Bytes(), nil
}

// Load reads a model written by MarshalBinary.
func Load(data []byte) (*Model, error) {
	presence := bytes.HasPrefix(data, []byte(presenceMagic))
	if !presence && !bytes.HasPrefix(data, []byte(magic)) {
		return nil, errors.New("textmodel: not a model")
	}
	data = data[len(magic):]
	le := binary.LittleEndian
	const head = 1 + 1 + 4 + 4
	if len(data) < head {
		return nil, errors.New("textmodel: short header")
	}
	k, bits, rows := int(data[0]), uint(data[1]), int(le.Uint32(data[2:]))
	if k < 2 || k > maxClasses || bits == 0 || bits > 24 || rows >= math.MaxUint16 {
		return nil, errors.New("textmodel: bad header")
	}
	m := &Model{classes: k, bits: bits, quantum: math.Float32frombits(le.Uint32(data[6:])), presence: presence}
	data = data[head:]
	rowSize := 4 + 2*k
	if len(data) != 4*k+rows*rowSize {
		return nil, fmt.Errorf("textmodel: %d bytes of weights, want %d", len(data), 4*k+rows*rowSize)
	}
	m.bias = make([]float32, k)
	for c := range m.bias {
		m.bias[c] = math.Float32frombits(le.Uint32(data[4*c:]))
	}
	data = data[4*k:]
	m.index = make([]uint16, 1<<m.bits)
	m.buckets = make([]uint32, rows+1)
	m.weights = make([]float32, (rows+1)*k)
	for row := 1; row <= rows; row++ {
		rec := data[(row-1)*rowSize : row*rowSize]
		b := le.Uint32(rec)
		if int(b) >= len(m.index) || m.index[b] != 0 {
			return nil, fmt.Errorf("textmodel: row %d: bad bucket", row)
		}
		m.buckets[row] = b
		m.index[b] = uint16(row)
		for c := range k {
			m.weights[row*k+c] = float32(int16(le.Uint16(rec[4+2*c:]))) * m.quantum
		}
	}
	return m, nil
}

// bundleMagic opens the bytes of several models kept together.
const bundleMagic = "ghtb1\n"

// MarshalBundle writes several models as one blob, in order, for a caller
// that keeps them in one file.
func MarshalBundle(models ...*Model) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(bundleMagic)
	le := binary.LittleEndian
	_ = binary.Write(&b, le, uint32(len(models)))
	for _, m := range models {
		data, err := m.MarshalBinary()
		if err != nil {
			return nil, err
		}
		_ = binary.Write(&b, le, uint32(len(data)))
		b.Write(data)
	}
	return b.Bytes(), nil
}

// LoadBundle reads the models MarshalBundle wrote, in order.
func LoadBundle(data []byte) ([]*Model, error) {
	if !bytes.HasPrefix(data, []byte(bundleMagic)) {
		return nil, errors.New("textmodel: not a bundle of models")
	}
	data = data[len(bundleMagic):]
	le := binary.LittleEndian
	if len(data) < 4 {
		return nil, errors.New("textmodel: short bundle")
	}
	n := int(le.Uint32(data))
	data = data[4:]
	if n > 16 {
		return nil, fmt.Errorf("textmodel: bundle of %d models", n)
	}
	models := make([]*Model, 0, n)
	for range n {
		if len(data) < 4 {
			return nil, errors.New("textmodel: short bundle")
		}
		size := int(le.Uint32(data))
		data = data[4:]
		if size > len(data) {
			return nil, errors.New("textmodel: short bundle")
		}
		m, err := Load(data[:size])
		if err != nil {
			return nil, err
		}
		models = append(models, m)
		data = data[size:]
	}
	if len(data) != 0 {
		return nil, fmt.Errorf("textmodel: %d bytes after the last model", len(data))
	}
	return models, nil
}
