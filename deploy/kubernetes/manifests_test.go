// Package kubernetes holds the manifests that run credsweep as an Indexed
// Job; its test decodes them strictly into the Kubernetes API types.
package kubernetes

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// manifests are every object of the YAML files here, by kind.
type manifests struct {
	jobs       map[string]*batchv1.Job
	pvcs       map[string]*corev1.PersistentVolumeClaim
	secrets    map[string]*corev1.Secret
	namespaces map[string]*corev1.Namespace
}

// decode reads every document of every YAML file strictly: an unknown or
// misspelt field, a wrong type or an unknown kind fails.
func decode(t *testing.T) *manifests {
	t.Helper()
	m := &manifests{jobs: map[string]*batchv1.Job{}, pvcs: map[string]*corev1.PersistentVolumeClaim{},
		secrets: map[string]*corev1.Secret{}, namespaces: map[string]*corev1.Namespace{}}
	files, err := filepath.Glob("*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range bytes.Split(data, []byte("\n---")) {
			if len(bytes.TrimSpace(doc)) == 0 {
				continue
			}
			where := fmt.Sprintf("%s#%d", file, i)
			var tm metav1.TypeMeta
			if err := yaml.Unmarshal(doc, &tm); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			var obj interface{ GetName() string }
			switch tm.APIVersion + " " + tm.Kind {
			case "batch/v1 Job":
				j := &batchv1.Job{}
				obj, m.jobs[where] = j, j
			case "v1 PersistentVolumeClaim":
				p := &corev1.PersistentVolumeClaim{}
				obj, m.pvcs[where] = p, p
			case "v1 Secret":
				s := &corev1.Secret{}
				obj, m.secrets[where] = s, s
			case "v1 Namespace":
				n := &corev1.Namespace{}
				obj, m.namespaces[where] = n, n
			default:
				t.Fatalf("%s: unexpected %s %s", where, tm.APIVersion, tm.Kind)
			}
			if err := yaml.UnmarshalStrict(doc, obj); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if obj.GetName() == "" {
				t.Errorf("%s: no name", where)
			}
		}
	}
	return m
}

func TestStrictDecodingCatchesTypos(t *testing.T) {
	for _, tc := range []struct{ name, doc string }{
		{"misspelt field", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec: {completionMod: Indexed}\n"},
		{"wrong type", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec: {parallelism: four}\n"},
		{"duplicate field", "apiVersion: v1\nkind: Secret\nmetadata: {name: x}\ntype: Opaque\ntype: Opaque\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var obj any = &batchv1.Job{}
			if strings.Contains(tc.doc, "Secret") {
				obj = &corev1.Secret{}
			}
			if err := yaml.UnmarshalStrict([]byte(tc.doc), obj); err == nil {
				t.Fatal("decoded without an error")
			}
		})
	}
}

// checkPod checks the hardening every pod of credsweep must have.
func checkPod(t *testing.T, where string, spec *corev1.PodSpec) {
	t.Helper()
	psc := spec.SecurityContext
	switch {
	case psc == nil:
		t.Fatalf("%s: no pod securityContext", where)
	case psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot:
		t.Errorf("%s: runAsNonRoot is not true", where)
	case psc.RunAsUser == nil || *psc.RunAsUser == 0:
		t.Errorf("%s: runAsUser is not a non-root uid", where)
	case psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault:
		t.Errorf("%s: seccompProfile is not RuntimeDefault", where)
	}
	if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
		t.Errorf("%s: the service account token is mounted", where)
	}
	if spec.RestartPolicy != corev1.RestartPolicyNever {
		t.Errorf("%s: restartPolicy %q, want Never (podFailurePolicy needs it)", where, spec.RestartPolicy)
	}
	all := append(slices.Clone(spec.InitContainers), spec.Containers...)
	for _, c := range all {
		csc := c.SecurityContext
		at := where + " container " + c.Name
		switch {
		case csc == nil:
			t.Errorf("%s: no securityContext", at)
			continue
		case csc.ReadOnlyRootFilesystem == nil || !*csc.ReadOnlyRootFilesystem:
			t.Errorf("%s: readOnlyRootFilesystem is not true", at)
		case csc.AllowPrivilegeEscalation == nil || *csc.AllowPrivilegeEscalation:
			t.Errorf("%s: allowPrivilegeEscalation is not false", at)
		case csc.Capabilities == nil || !slices.Equal(csc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(csc.Capabilities.Add) > 0:
			t.Errorf("%s: capabilities do not drop ALL", at)
		case csc.Privileged != nil && *csc.Privileged:
			t.Errorf("%s: privileged", at)
		}
		if c.Image == "" || strings.HasSuffix(c.Image, ":latest") || !strings.Contains(c.Image, ":") {
			t.Errorf("%s: image %q is not pinned to a tag", at, c.Image)
		}
		for _, a := range c.Args {
			if strings.Contains(strings.ToLower(a), "password=") || strings.HasPrefix(a, "ghp_") {
				t.Errorf("%s: a secret in the arguments: %q", at, a)
			}
		}
		for _, vm := range c.VolumeMounts {
			if vm.Name == "secrets" && !vm.ReadOnly {
				t.Errorf("%s: secrets mounted writable", at)
			}
		}
	}
}

func TestManifests(t *testing.T) {
	m := decode(t)
	claims := map[string]bool{}
	for _, p := range m.pvcs {
		claims[p.Name] = true
	}
	secrets := map[string]*corev1.Secret{}
	for _, s := range m.secrets {
		secrets[s.Name] = s
	}
	var scan, merge *batchv1.Job
	for where, j := range m.jobs {
		checkPod(t, where, &j.Spec.Template.Spec)
		for _, v := range j.Spec.Template.Spec.Volumes {
			if v.PersistentVolumeClaim != nil && !claims[v.PersistentVolumeClaim.ClaimName] {
				t.Errorf("%s: claim %q is not a manifest", where, v.PersistentVolumeClaim.ClaimName)
			}
			if v.Secret != nil {
				s := secrets[v.Secret.SecretName]
				if s == nil {
					t.Errorf("%s: secret %q is not a manifest", where, v.Secret.SecretName)
					continue
				}
				for _, it := range v.Secret.Items {
					if _, ok := s.StringData[it.Key]; !ok {
						t.Errorf("%s: secret key %q not in %s", where, it.Key, s.Name)
					}
				}
			}
		}
		switch j.Name {
		case "credsweep-scan":
			scan = j
		case "credsweep-merge-upload":
			merge = j
		}
	}
	if scan == nil || merge == nil {
		t.Fatalf("want the credsweep-scan and credsweep-merge-upload jobs, have %d jobs", len(m.jobs))
	}
	t.Run("scan", func(t *testing.T) { checkScanJob(t, scan) })
	t.Run("merge", func(t *testing.T) { checkMergeJob(t, scan, merge) })
}

func checkScanJob(t *testing.T, j *batchv1.Job) {
	s := j.Spec
	switch {
	case s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion:
		t.Fatal("completionMode is not Indexed")
	case s.Completions == nil || s.Parallelism == nil || *s.Parallelism < 1 || *s.Parallelism > *s.Completions:
		t.Fatal("parallelism must be between 1 and completions")
	case s.BackoffLimitPerIndex == nil:
		t.Fatal("no backoffLimitPerIndex")
	case s.PodFailurePolicy == nil:
		t.Fatal("no podFailurePolicy")
	}
	ignoresDisruption, failsOn2 := false, false
	for _, r := range s.PodFailurePolicy.Rules {
		if r.Action == batchv1.PodFailurePolicyActionIgnore {
			for _, c := range r.OnPodConditions {
				ignoresDisruption = ignoresDisruption || c.Type == corev1.DisruptionTarget
			}
		}
		if r.Action == batchv1.PodFailurePolicyActionFailIndex && r.OnExitCodes != nil &&
			r.OnExitCodes.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn && slices.Contains(r.OnExitCodes.Values, 2) {
			failsOn2 = true
		}
	}
	if !ignoresDisruption || !failsOn2 {
		t.Errorf("podFailurePolicy: ignores DisruptionTarget %v, fails the index on exit 2 %v", ignoresDisruption, failsOn2)
	}
	cs := j.Spec.Template.Spec.Containers
	if len(cs) != 1 {
		t.Fatalf("%d containers", len(cs))
	}
	c := cs[0]
	args := strings.Join(c.Args, " ")
	for _, want := range []string{"scan ", "--shard env/$(COUNT)", "--state /state/credsweep-{shard}.db",
		"--sarif /out/shard-{shard}.sarif", "--smb-password-file /secrets/", "--fingerprint-key-file /secrets/", "--fail-on none"} {
		if !strings.Contains(args, want) {
			t.Errorf("args %q lack %q", args, want)
		}
	}
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	if n, err := strconv.Atoi(env["COUNT"]); err != nil || int32(n) != *s.Completions {
		t.Errorf("COUNT %q differs from completions %d", env["COUNT"], *s.Completions)
	}
	if !strings.HasPrefix(env["GOOGLE_APPLICATION_CREDENTIALS"], "/secrets/") {
		t.Errorf("GOOGLE_APPLICATION_CREDENTIALS %q is not a mounted secret", env["GOOGLE_APPLICATION_CREDENTIALS"])
	}
	mounts := map[string]bool{}
	for _, vm := range c.VolumeMounts {
		mounts[vm.MountPath] = true
	}
	for _, p := range []string{"/secrets", "/state", "/out", "/tmp"} {
		if !mounts[p] {
			t.Errorf("nothing mounted at %s (the root filesystem is read-only)", p)
		}
	}
}

func checkMergeJob(t *testing.T, scan, merge *batchv1.Job) {
	spec := merge.Spec.Template.Spec
	if len(spec.InitContainers) != 1 || spec.InitContainers[0].Args[0] != "merge" {
		t.Fatalf("want one init container running credsweep merge")
	}
	if len(spec.Containers) != 1 || spec.Containers[0].Args[0] != "upload" {
		t.Fatalf("want one container running credsweep upload")
	}
	// The merge lists one SARIF file per shard.
	var shards []string
	for _, a := range spec.InitContainers[0].Args {
		if strings.HasPrefix(a, "/out/shard-") {
			shards = append(shards, a)
		}
	}
	if len(shards) != int(*scan.Spec.Completions) {
		t.Errorf("merge lists %d shards, the scan has %d", len(shards), *scan.Spec.Completions)
	}
	for i, a := range shards {
		if a != fmt.Sprintf("/out/shard-%d.sarif", i) {
			t.Errorf("shard file %d is %q", i, a)
		}
	}
	for _, e := range spec.Containers[0].Env {
		if e.Name == "GITHUB_TOKEN" && (e.Value != "" || e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil) {
			t.Error("GITHUB_TOKEN must come from the secret")
		}
	}
}

func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(data)
	for _, want := range []string{"CGO_ENABLED=0", "FROM gcr.io/distroless/static", "USER 65532", "AS build", "COPY --from=build"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if strings.Count(df, "\nFROM ")+strings.Count(df[:5], "FROM ") < 2 {
		t.Error("Dockerfile is not multi-stage")
	}
}
