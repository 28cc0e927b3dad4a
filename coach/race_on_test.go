//go:build race

package coach

// raceDetector is true when the tests run under the race detector, where
// retraining the models takes ten times as long: .ci/run runs those tests
// again without it.
const raceDetector = true
