package main

// Tests that keep deploy/ (and the Dockerfile) in step with the binary: the
// committed Slack app manifest, the settings in .env.example versus the
// Kubernetes ConfigMap and Secret and the Config struct, the HTTP port, and
// the Sentinel kits' REDIS_URL.

import (
	"bufio"
	"encoding/json"
	"fmt"
	goversion "go/version"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/coach/openaidraft"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
)

// repoRoot is where go test runs this package from, two levels down.
const repoRoot = "../.."

func readRepoFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSlackManifestCommittedMatchesBinary(t *testing.T) {
	t.Parallel()
	r := ghosted(t, nil, "", "manifest")
	if r.code != 0 {
		t.Fatalf("ghosted manifest: exit %d: %s", r.code, r.stderr)
	}
	committed := readRepoFile(t, "deploy/slack-app-manifest.json")
	if committed != r.stdout {
		t.Fatalf("deploy/slack-app-manifest.json differs from `ghosted manifest`; regenerate it from the repository root:\n"+
			"  go run ./cmd/ghosted manifest > deploy/slack-app-manifest.json\n--- committed\n%s\n--- ghosted manifest\n%s",
			committed, r.stdout)
	}
	var m struct {
		Settings struct {
			SocketMode bool `json:"socket_mode_enabled"`
		} `json:"settings"`
	}
	if err := json.Unmarshal([]byte(committed), &m); err != nil || !m.Settings.SocketMode {
		t.Errorf("the manifest must be JSON with socket_mode_enabled: %v", err)
	}
}

// configVars maps every environment variable Config reads to its default
// ("" when it has none): ghosted's own from the envDefault tag, the others
// from the package that owns the setting.
func configVars(t *testing.T) map[string]string {
	t.Helper()
	owned := map[string]string{
		"OpenAIModel": openaidraft.DefaultModel,
		"LLMTimeout":  openaidraft.DefaultTimeout.String(),
		"Retention":   redisstore.DefaultRetention.String(),
		"RedisPrefix": redisstore.DefaultPrefix,
	}
	botDefaults := reflect.ValueOf(bot.Config{}.WithDefaults())
	vars := map[string]string{}
	typ := reflect.TypeFor[Config]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("env"), ",")
		if name == "" {
			continue
		}
		def, ok := f.Tag.Lookup("envDefault")
		if !ok {
			def = owned[f.Name]
		}
		botField := f.Name
		if b := f.Tag.Get("bot"); b != "" {
			botField = b
		}
		if v := botDefaults.FieldByName(botField); !ok && def == "" && v.IsValid() && !v.IsZero() {
			def = fmt.Sprint(v.Interface())
		}
		vars[name] = def
	}
	if len(vars) == 0 {
		t.Fatal("Config has no env tags")
	}
	return vars
}

// sameSetting compares two values of a setting: durations by length, so
// 90s and 1m30s agree.
func sameSetting(a, b string) bool {
	da, errA := time.ParseDuration(a)
	db, errB := time.ParseDuration(b)
	if errA == nil && errB == nil {
		return da == db
	}
	return a == b
}

// envExampleVars returns the variables .env.example sets, in order.
func envExampleVars(t *testing.T) []string {
	t.Helper()
	re := regexp.MustCompile(`^([A-Z][A-Z0-9_]*)=`)
	var names []string
	sc := bufio.NewScanner(strings.NewReader(readRepoFile(t, ".env.example")))
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			names = append(names, m[1])
		}
	}
	if len(names) == 0 {
		t.Fatal(".env.example sets no variables")
	}
	return names
}

// k8sData reads the data (or stringData) of the one object of kind in a
// manifest file. It understands the plain layout these files use: top-level
// keys, and two-space-indented KEY: value lines under data:/stringData:.
func k8sData(t *testing.T, rel, kind string) map[string]string {
	t.Helper()
	text := readRepoFile(t, rel)
	if !regexp.MustCompile(`(?m)^kind: ` + kind + `$`).MatchString(text) {
		t.Fatalf("%s: no kind: %s", rel, kind)
	}
	entry := regexp.MustCompile(`^  ([A-Za-z0-9_.-]+):\s*(.*)$`)
	data := map[string]string{}
	in := false
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if !strings.HasPrefix(line, " ") { // a top-level key
			in = line == "data:" || line == "stringData:"
			continue
		}
		if !in {
			continue
		}
		m := entry.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("%s: cannot read %q under data: use KEY: \"value\" lines", rel, line)
		}
		v := m[2]
		if uq, err := strconv.Unquote(v); err == nil {
			v = uq
		} else if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
			v = v[1 : len(v)-1]
		}
		data[m[1]] = v
	}
	if len(data) == 0 {
		t.Fatalf("%s: no data", rel)
	}
	return data
}

// isSecretName tells which settings must never sit in a ConfigMap.
func isSecretName(name string) bool {
	return strings.Contains(name, "TOKEN") || strings.HasSuffix(name, "_KEY") || strings.Contains(name, "PASSWORD")
}

func TestDeployEnvMatchesEnvExampleAndConfig(t *testing.T) {
	t.Parallel()
	cfg := configVars(t)
	cm := k8sData(t, "deploy/kubernetes/configmap.yaml", "ConfigMap")
	secret := k8sData(t, "deploy/kubernetes/secret.yaml", "Secret")

	for _, name := range envExampleVars(t) {
		if _, ok := cfg[name]; !ok {
			t.Errorf(".env.example sets %s, but no Config field has env:%q", name, name)
		}
		_, inCM := cm[name]
		_, inSecret := secret[name]
		switch {
		case isSecretName(name) && !inSecret:
			t.Errorf("%s is a secret: it belongs in deploy/kubernetes/secret.yaml", name)
		case isSecretName(name) && inCM:
			t.Errorf("%s is a secret: take it out of deploy/kubernetes/configmap.yaml", name)
		case !inCM && !inSecret:
			t.Errorf(".env.example sets %s, but neither deploy/kubernetes/configmap.yaml nor secret.yaml has it", name)
		}
	}

	for _, m := range []struct {
		file string
		data map[string]string
	}{{"configmap.yaml", cm}, {"secret.yaml", secret}} {
		for name := range m.data {
			if _, ok := cfg[name]; !ok {
				t.Errorf("deploy/kubernetes/%s sets %s, which ghosted does not read (a typo?)", m.file, name)
			}
		}
	}
	// The ConfigMap ships the defaults, so that changing one in config.go
	// without the ConfigMap shows here. REDIS_URL has none: it is set to the
	// in-cluster Redis on purpose.
	for name, v := range cm {
		if def := cfg[name]; def != "" && !sameSetting(v, def) {
			t.Errorf("configmap.yaml: %s is %q, but ghosted's default is %q", name, v, def)
		}
	}
	if cm["REDIS_URL"] == "" {
		t.Error("configmap.yaml: REDIS_URL must point at a shared Redis: with two replicas, embedded Redis would mean two separate memories")
	}

	dep := readRepoFile(t, "deploy/kubernetes/deployment.yaml")
	for _, ref := range []string{"configMapRef:\n                name: ghosted-config", "secretRef:\n                name: ghosted-secrets"} {
		if !strings.Contains(dep, ref) {
			t.Errorf("deployment.yaml lacks envFrom %q", ref)
		}
	}
	if !regexp.MustCompile(`(?m)^  name: ghosted-config$`).MatchString(readRepoFile(t, "deploy/kubernetes/configmap.yaml")) ||
		!regexp.MustCompile(`(?m)^  name: ghosted-secrets$`).MatchString(readRepoFile(t, "deploy/kubernetes/secret.yaml")) {
		t.Error("the ConfigMap and Secret must be named ghosted-config and ghosted-secrets, as the Deployment expects")
	}

	// Compose overrides a few settings from .env: they must be real ones.
	compose := readRepoFile(t, "deploy/docker-compose.yml")
	envBlock := regexp.MustCompile(`(?m)^    environment:\n((?:      .*\n)+)`).FindStringSubmatch(compose)
	if envBlock == nil {
		t.Fatal("docker-compose.yml: no environment: block for the ghosted service")
	}
	for _, m := range regexp.MustCompile(`(?m)^      ([A-Z][A-Z0-9_]*):`).FindAllStringSubmatch(envBlock[1], -1) {
		if _, ok := cfg[m[1]]; !ok {
			t.Errorf("docker-compose.yml sets %s, which ghosted does not read", m[1])
		}
	}
}

func TestDeployPortMatchesHTTPAddrDefault(t *testing.T) {
	t.Parallel()
	_, port, err := net.SplitHostPort(configVars(t)["HTTP_ADDR"])
	if err != nil || port == "" {
		t.Fatalf("HTTP_ADDR default: %v", err)
	}
	for _, c := range []struct{ file, pattern string }{
		{"Dockerfile", `(?m)^EXPOSE (\d+)$`},
		// The host side of the published port is the deployer's choice;
		// the container side must be ghosted's port, on loopback only.
		{"deploy/docker-compose.yml", `"127\.0\.0\.1:\d+:(\d+)"`},
		{"deploy/docker-compose.yml", `HTTP_ADDR: ":(\d+)"`},
		{"deploy/kubernetes/deployment.yaml", `containerPort: (\d+)`},
		{"deploy/kubernetes/service.yaml", `(?m)^      port: (\d+)$`},
		{"deploy/kubernetes/service.yaml", `prometheus\.io/port: "(\d+)"`},
	} {
		ms := regexp.MustCompile(c.pattern).FindAllStringSubmatch(readRepoFile(t, c.file), -1)
		if len(ms) == 0 {
			t.Errorf("%s: nothing matches %s", c.file, c.pattern)
		}
		for _, m := range ms {
			if m[1] != port {
				t.Errorf("%s: %q uses port %s, but HTTP_ADDR defaults to %s", c.file, m[0], m[1], port)
			}
		}
	}
	// The probes use the named port, so only containerPort carries the number.
	dep := readRepoFile(t, "deploy/kubernetes/deployment.yaml")
	for _, probe := range []string{"startupProbe", "livenessProbe", "readinessProbe"} {
		re := regexp.MustCompile(probe + `:\n\s+httpGet:\n\s+path: (/\w+)\n\s+port: http\n`)
		m := re.FindStringSubmatch(dep)
		if m == nil {
			t.Errorf("deployment.yaml: %s must be an httpGet on the port named http", probe)
			continue
		}
		want := "/healthz"
		if probe == "readinessProbe" {
			want = "/readyz"
		}
		if m[1] != want {
			t.Errorf("deployment.yaml: %s probes %s, want %s", probe, m[1], want)
		}
	}
}

func TestDockerfileGoVersionSatisfiesGoMod(t *testing.T) {
	t.Parallel()
	mod := regexp.MustCompile(`(?m)^go (\d+\.\d+(?:\.\d+)?)\s*$`).FindStringSubmatch(readRepoFile(t, "go.mod"))
	img := regexp.MustCompile(`(?m)^FROM .*golang:(\d+\.\d+(?:\.\d+)?)\S* AS build$`).FindStringSubmatch(readRepoFile(t, "Dockerfile"))
	if mod == nil || img == nil {
		t.Fatalf("go.mod go line %v, Dockerfile build stage %v", mod, img)
	}
	// The build stage sets GOTOOLCHAIN=local: an older Go fails the build.
	if goversion.Compare("go"+img[1], "go"+mod[1]) < 0 {
		t.Errorf("Dockerfile builds with golang:%s, older than go.mod's go %s: bump the FROM tag", img[1], mod[1])
	}
}

func TestKustomizationListsManifests(t *testing.T) {
	t.Parallel()
	kust := readRepoFile(t, "deploy/kubernetes/kustomization.yaml")
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^  - ([\w.-]+\.yaml)$`).FindAllStringSubmatch(kust, -1) {
		listed[m[1]] = true
	}
	files, err := filepath.Glob(filepath.Join(repoRoot, "deploy", "kubernetes", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		switch {
		case name == "kustomization.yaml":
		case name == "secret.yaml":
			// A template, never applied from the kustomization: an upgrade
			// would reset the real tokens to its placeholders.
			if listed[name] {
				t.Error("kustomization.yaml must not list secret.yaml")
			}
		case !listed[name]:
			t.Errorf("kustomization.yaml does not list %s", name)
		}
		delete(listed, name)
	}
	for name := range listed {
		t.Errorf("kustomization.yaml lists %s, which does not exist", name)
	}
	if !slices.ContainsFunc(files, func(f string) bool { return filepath.Base(f) == "secret.yaml" }) {
		t.Error("deploy/kubernetes/secret.yaml (the Secret template) is missing")
	}
}

// TestEveryVariableIsDocumented: each variable ghosted reads is in
// .env.example, in the README's table and in the Kubernetes ConfigMap or
// Secret, so a new setting cannot ship undocumented.
func TestEveryVariableIsDocumented(t *testing.T) {
	t.Parallel()
	example := envExampleVars(t)
	readme := readRepoFile(t, "README.md")
	cm := k8sData(t, "deploy/kubernetes/configmap.yaml", "ConfigMap")
	secret := k8sData(t, "deploy/kubernetes/secret.yaml", "Secret")
	for name := range configVars(t) {
		if !slices.Contains(example, name) {
			t.Errorf("%s is read but not in .env.example", name)
		}
		if !strings.Contains(readme, "| `"+name+"` |") {
			t.Errorf("%s is read but not in the README's configuration table", name)
		}
		_, inCM := cm[name]
		_, inSecret := secret[name]
		if !inCM && !inSecret {
			t.Errorf("%s is read but in neither deploy/kubernetes/configmap.yaml nor secret.yaml", name)
		}
	}
}

// TestDeploySentinelKits: the Sentinel variants of the Compose file and the
// Kubernetes kit give ghosted a REDIS_URL it accepts, in the Sentinel form,
// naming the master their Sentinels monitor, and every Redis node there
// refuses writes once it has no replica (min-replicas-to-write 1), which
// the durability promise in deploy/README.md rests on.
func TestDeploySentinelKits(t *testing.T) {
	t.Parallel()
	for _, rel := range []string{"deploy/docker-compose.sentinel.yml", "deploy/kubernetes-sentinel/kustomization.yaml"} {
		text := readRepoFile(t, rel)
		m := regexp.MustCompile(`REDIS_URL: "?(redis://[^"\s]+)"?`).FindStringSubmatch(text)
		if m == nil {
			t.Errorf("%s sets no REDIS_URL", rel)
			continue
		}
		if err := redisstore.CheckURL(m[1]); err != nil || !strings.Contains(m[1], "master_name=ghosted") {
			t.Errorf("%s: REDIS_URL %s: %v; want the Sentinel form with master_name=ghosted", rel, m[1], err)
		}
	}
	for _, rel := range []string{"deploy/docker-compose.sentinel.yml", "deploy/kubernetes-sentinel/redis-ha.yaml"} {
		text := readRepoFile(t, rel)
		if !regexp.MustCompile(`sentinel monitor ghosted \S+ 6379 2`).MatchString(text) {
			t.Errorf("%s: the Sentinels must monitor the master named ghosted with a quorum of 2", rel)
		}
		if !strings.Contains(text, `"min-replicas-to-write 1"`) {
			t.Errorf("%s: the Redis nodes must set min-replicas-to-write 1", rel)
		}
	}
}
