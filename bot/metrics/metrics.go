// Package metrics is a small Prometheus-compatible metrics registry and the
// set of metrics ghosted exports on /metrics.
//
// It is hand-written rather than client_golang because ghosted needs only
// counters, gauges read from a function and histograms, and the text format
// is a page of code; the hot paths (the Socket Mode ack) touch only atomics.
package metrics

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Registry holds metrics and renders them in the Prometheus text format.
type Registry struct {
	mu      sync.Mutex
	metrics []metric
	names   map[string]bool
}

type metric interface {
	name() string
	write(w io.Writer)
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{names: map[string]bool{}} }

func (r *Registry) add(m metric) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.names[m.name()] {
		panic("metrics: duplicate metric " + m.name())
	}
	r.names[m.name()] = true
	r.metrics = append(r.metrics, m)
}

// WriteText writes every metric in the Prometheus text exposition format,
// sorted by name so the output is stable.
func (r *Registry) WriteText(w io.Writer) {
	r.mu.Lock()
	ms := slices.Clone(r.metrics)
	r.mu.Unlock()
	sort.Slice(ms, func(i, j int) bool { return ms[i].name() < ms[j].name() })
	for _, m := range ms {
		m.write(w)
	}
}

// ServeHTTP serves the metrics for a Prometheus scrape.
func (r *Registry) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	r.WriteText(w)
}

// vec is the label handling shared by counters and histograms: children are
// found by their joined label values in a sync.Map, so observing is lock-free
// once a label combination exists.
type vec[C any] struct {
	n, help string
	labels  []string
	kids    sync.Map // joined label values → *C
	newKid  func() *C
}

func (v *vec[C]) name() string { return v.n }

func (v *vec[C]) kid(values []string) *C {
	if len(values) != len(v.labels) {
		panic(fmt.Sprintf("metrics: %s wants %d label values, got %d", v.n, len(v.labels), len(values)))
	}
	key := strings.Join(values, "\xff")
	if k, ok := v.kids.Load(key); ok {
		return k.(*C)
	}
	k, _ := v.kids.LoadOrStore(key, v.newKid())
	return k.(*C)
}

// each visits the children sorted by label values.
func (v *vec[C]) each(fn func(labels string, kid *C)) {
	type entry struct {
		key string
		kid *C
	}
	var es []entry
	v.kids.Range(func(k, val any) bool {
		es = append(es, entry{k.(string), val.(*C)})
		return true
	})
	sort.Slice(es, func(i, j int) bool { return es[i].key < es[j].key })
	for _, e := range es {
		fn(v.labelText(e.key), e.kid)
	}
}

func (v *vec[C]) labelText(key string) string {
	if len(v.labels) == 0 {
		return ""
	}
	values := strings.Split(key, "\xff")
	var b strings.Builder
	for i, l := range v.labels {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(l)
		b.WriteString(`="`)
		b.WriteString(escape(values[i]))
		b.WriteByte('"')
	}
	return b.String()
}

func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`).Replace(s)
}

func header(w io.Writer, name, help, typ string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
}

// atomicFloat is a float64 updated with compare-and-swap.
type atomicFloat struct{ bits atomic.Uint64 }

func (f *atomicFloat) add(d float64) {
	for {
		old := f.bits.Load()
		if f.bits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+d)) {
			return
		}
	}
}

func (f *atomicFloat) load() float64 { return math.Float64frombits(f.bits.Load()) }

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// Counter is a monotonically increasing counter, with optional labels.
type Counter struct{ v *vec[atomicFloat] }

// NewCounter registers a counter. Every Inc/Add passes one value per label.
func (r *Registry) NewCounter(name, help string, labels ...string) *Counter {
	c := &Counter{&vec[atomicFloat]{n: name, help: help, labels: labels, newKid: func() *atomicFloat { return new(atomicFloat) }}}
	r.add(c)
	return c
}

// Inc adds one.
func (c *Counter) Inc(labelValues ...string) { c.v.kid(labelValues).add(1) }

// Add adds d, which must not be negative.
func (c *Counter) Add(d float64, labelValues ...string) {
	if d < 0 {
		panic("metrics: counter " + c.v.n + " decreased")
	}
	c.v.kid(labelValues).add(d)
}

// Value returns the current value for the label values (for tests).
func (c *Counter) Value(labelValues ...string) float64 { return c.v.kid(labelValues).load() }

func (c *Counter) name() string { return c.v.n }

func (c *Counter) write(w io.Writer) {
	header(w, c.v.n, c.v.help, "counter")
	c.v.each(func(labels string, k *atomicFloat) {
		fmt.Fprintf(w, "%s%s %s\n", c.v.n, braces(labels), formatFloat(k.load()))
	})
}

func braces(labels string) string {
	if labels == "" {
		return ""
	}
	return "{" + labels + "}"
}

// Gauge reads its value from a function at scrape time.
type Gauge struct {
	n, help string
	fn      func() float64
}

// NewGauge registers a gauge whose value fn returns when scraped.
func (r *Registry) NewGauge(name, help string, fn func() float64) *Gauge {
	g := &Gauge{name, help, fn}
	r.add(g)
	return g
}

func (g *Gauge) name() string { return g.n }

func (g *Gauge) write(w io.Writer) {
	header(w, g.n, g.help, "gauge")
	fmt.Fprintf(w, "%s %s\n", g.n, formatFloat(g.fn()))
}

// Histogram counts observations into cumulative buckets.
type Histogram struct {
	v       *vec[histKid]
	buckets []float64
}

type histKid struct {
	counts []atomic.Uint64 // one per bucket, plus +Inf
	sum    atomicFloat
}

// NewHistogram registers a histogram with the given upper bounds (sorted).
func (r *Registry) NewHistogram(name, help string, buckets []float64, labels ...string) *Histogram {
	b := slices.Clone(buckets)
	slices.Sort(b)
	h := &Histogram{buckets: b}
	h.v = &vec[histKid]{n: name, help: help, labels: labels, newKid: func() *histKid {
		return &histKid{counts: make([]atomic.Uint64, len(b)+1)}
	}}
	r.add(h)
	return h
}

// Observe records one value.
func (h *Histogram) Observe(v float64, labelValues ...string) {
	k := h.v.kid(labelValues)
	i, _ := slices.BinarySearch(h.buckets, v)
	k.counts[i].Add(1)
	k.sum.add(v)
}

// Count returns how many values were observed (for tests).
func (h *Histogram) Count(labelValues ...string) uint64 {
	k := h.v.kid(labelValues)
	var n uint64
	for i := range k.counts {
		n += k.counts[i].Load()
	}
	return n
}

func (h *Histogram) name() string { return h.v.n }

func (h *Histogram) write(w io.Writer) {
	header(w, h.v.n, h.v.help, "histogram")
	h.v.each(func(labels string, k *histKid) {
		sep := ""
		if labels != "" {
			sep = ","
		}
		var cum uint64
		for i, ub := range h.buckets {
			cum += k.counts[i].Load()
			fmt.Fprintf(w, "%s_bucket{%s%sle=\"%s\"} %d\n", h.v.n, labels, sep, formatFloat(ub), cum)
		}
		cum += k.counts[len(h.buckets)].Load()
		fmt.Fprintf(w, "%s_bucket{%s%sle=\"+Inf\"} %d\n", h.v.n, labels, sep, cum)
		fmt.Fprintf(w, "%s_sum%s %s\n", h.v.n, braces(labels), formatFloat(k.sum.load()))
		fmt.Fprintf(w, "%s_count%s %d\n", h.v.n, braces(labels), cum)
	})
}
