package bot

import (
	"context"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"
)

// pool runs jobs with at most a fixed number working at once. Jobs carry a
// key (a thread, a user); jobs with the same key run one at a time in the
// order they were submitted, jobs with different keys run in parallel. This
// is what keeps two replies in one thread from racing on one deal while other
// threads go on.
//
// A job that is about to wait a long time on something outside (a draft from
// the model takes seconds) calls yield: it gives its working slot to the next
// job while it waits, and keeps its key, so a slow model never stalls other
// users' quick replies.
//
// A job does not start while the read loop is busy acking a burst of
// envelopes (see ackFirst), for up to jobDefer after it was queued.
//
// submit never blocks: the read loop calls it before it acks an envelope,
// so that what it acks is either queued or answered with "busy". When
// QueueSize jobs are waiting, or the person a job is for already has their
// share of the queue waiting (MaxQueuedPerUser), submit refuses: one
// person's burst of commands cannot fill the queue for everyone.
type pool struct {
	log *slog.Logger
	// acks, when set, holds job starts back while envelopes keep coming.
	acks *ackFirst

	mu      sync.Mutex
	keys    map[string]*keyQueue // keys with a job queued or running
	queued  int                  // jobs submitted and not started
	max     int
	perUser int
	users   map[string]int // jobs submitted and not started, per person
	closed  bool
	// drained is set once ready is closed: closed and no key left.
	drained bool

	// ready holds keys that have a job queued and none running. Its capacity
	// is max, and a key is in it at most once and only with a queued job, so
	// a send under mu never blocks.
	ready chan *keyQueue
	// slots holds a token per job working now; its capacity is the number
	// of workers.
	slots chan struct{}
	wg    sync.WaitGroup // the dispatcher and every started job
}

type keyQueue struct {
	key     string
	jobs    []queued
	running bool
}

// queued is a job waiting in a keyQueue, with the person it is for and
// when it was queued.
type queued struct {
	user string
	at   time.Time
	run  func(context.Context)
}

func newPool(workers, queueSize, perUser int, log *slog.Logger) *pool {
	return &pool{
		log:     log,
		keys:    make(map[string]*keyQueue),
		max:     queueSize,
		perUser: min(perUser, queueSize),
		users:   make(map[string]int),
		ready:   make(chan *keyQueue, queueSize),
		slots:   make(chan struct{}, workers),
	}
}

// start launches the dispatcher. Jobs get ctx, which outlives the read loop
// so that shutdown can drain them.
func (p *pool) start(ctx context.Context) {
	p.wg.Go(func() { p.dispatch(ctx) })
}

// submit queues job under key, for user (a team and user id; "" when the
// job is nobody's in particular), and reports whether it was accepted.
func (p *pool) submit(key, user string, job func(context.Context)) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.roomLocked(user) {
		return false
	}
	p.queued++
	if user != "" {
		p.users[user]++
	}
	kq := p.keys[key]
	if kq == nil {
		kq = &keyQueue{key: key}
		p.keys[key] = kq
	}
	kq.jobs = append(kq.jobs, queued{user: user, at: time.Now(), run: job})
	if !kq.running && len(kq.jobs) == 1 {
		p.ready <- kq
	}
	return true
}

// roomLocked reports whether a job for user would be taken now.
func (p *pool) roomLocked(user string) bool {
	return !p.closed && p.queued < p.max && (user == "" || p.users[user] < p.perUser)
}

// pending reports how many jobs wait to start.
func (p *pool) pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.queued
}

// accepting reports whether submit would take a job for user now.
func (p *pool) accepting(user string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.roomLocked(user)
}

// hold marks key as busy for the calling job until release is called, so
// jobs submitted under key wait for it. A job that creates a thread holds
// the thread's key before anyone can reply in it. If key is already busy,
// hold does nothing: the caller is then not the first user of that key.
func (p *pool) hold(key string) (release func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.keys[key] != nil || p.drained {
		return func() {}
	}
	kq := &keyQueue{key: key, running: true}
	p.keys[key] = kq
	var once sync.Once
	return func() { once.Do(func() { p.finish(kq) }) }
}

// dispatch starts the next ready key's job whenever a slot is free.
func (p *pool) dispatch(ctx context.Context) {
	for kq := range p.ready {
		p.slots <- struct{}{}
		p.mu.Lock()
		job := kq.jobs[0]
		kq.jobs[0] = queued{}
		kq.jobs = kq.jobs[1:]
		kq.running = true
		p.queued--
		if job.user != "" {
			if p.users[job.user]--; p.users[job.user] <= 0 {
				delete(p.users, job.user)
			}
		}
		p.mu.Unlock()

		// Acks first: a burst of envelopes is read and acked before its
		// jobs compete with it for the CPU.
		p.acks.waitUntil(ctx, job.at.Add(jobDefer))
		p.wg.Go(func() {
			p.run(ctx, kq.key, job.run)
			<-p.slots
			p.finish(kq)
		})
	}
}

// yield gives the calling job's slot to another job until resume is called;
// resume waits for a free slot. Only a running job may call it, at most once
// at a time.
func (p *pool) yield() (resume func()) {
	<-p.slots
	return func() { p.slots <- struct{}{} }
}

// finish ends kq's running job and queues the key again if more jobs wait.
func (p *pool) finish(kq *keyQueue) {
	p.mu.Lock()
	defer p.mu.Unlock()
	kq.running = false
	if len(kq.jobs) > 0 {
		p.ready <- kq
		return
	}
	delete(p.keys, kq.key)
	p.drainIfDone()
}

// drainIfDone closes ready once the pool is closed and idle, which ends the
// workers. It runs under mu.
func (p *pool) drainIfDone() {
	if p.closed && len(p.keys) == 0 && !p.drained {
		p.drained = true
		close(p.ready)
	}
}

// run runs one job; a panic is logged and the worker lives on.
func (p *pool) run(ctx context.Context, key string, job func(context.Context)) {
	defer func() {
		if r := recover(); r != nil {
			p.log.Error("job panicked", "key", key, "panic", r, "stack", string(debug.Stack()))
		}
	}()
	job(ctx)
}

// close stops accepting jobs and waits until every queued and running job is
// done, or ctx is done.
func (p *pool) close(ctx context.Context) error {
	p.mu.Lock()
	p.closed = true
	p.drainIfDone()
	p.mu.Unlock()

	done := make(chan struct{})
	go func() { p.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
