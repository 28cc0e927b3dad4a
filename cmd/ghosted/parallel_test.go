package main

import (
	"flag"
	"os"
	"strconv"
	"testing"
)

// testParallel is how many tests of this package run at once unless
// -parallel says otherwise: all of them. They spend their time waiting
// (on a fake Slack, a fake model, redis-server processes, backoffs and a
// Sentinel failover measured in seconds), not computing: the whole package
// takes about 6 s of CPU under -race. Run GOMAXPROCS at a time (go test's
// default), the longest waits would queue behind each other.
const testParallel = 64

func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", strconv.Itoa(testParallel))
	}
	os.Exit(m.Run())
}
