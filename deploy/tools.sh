# shellcheck shell=bash
# Sourced by deploy/render, deploy/check and deploy/container/test: the pinned tools they use,
# installed when missing into a cache kept across runs (one directory per version, so a pin
# change installs afresh and an unchanged pin costs nothing):
#   helm         v3.21.4  built with `go install` (about 2 to 4 minutes on 2 cores, once)
#   kubeconform  v0.8.0   built with `go install` (seconds)
#   grpc-health-probe v0.4.63  built with `go install` (seconds; install_grpc_health_probe, for
#                the container test: the check a kubelet's gRPC probe performs)
#   Kubernetes JSON schemas of each version in kube_versions, from PyPI's kubernetes-validate
#                (with PyYAML, for deploy/test/assert.py, in a virtualenv beside them), their
#                `$ref`s rewritten to the local definitions file so kubeconform works offline
# The cache is ${VERILINK_TOOLS_CACHE:-${XDG_CACHE_HOME:-~/.cache}/verilink-deploy}.

helm_version="v3.21.4"
kubeconform_version="v0.8.0"
grpc_health_probe_version="v0.4.63"
kubernetes_validate_version="1.37.0"
pyyaml_version="6.0.3"
# The chart's floor (Chart.yaml kubeVersion) and the newest version the schemas cover.
kube_versions=(1.30.0 1.37.0)

tools_cache="${VERILINK_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/verilink-deploy}"
helm="$tools_cache/helm-$helm_version/helm"
kubeconform="$tools_cache/kubeconform-$kubeconform_version/kubeconform"
tools_venv="$tools_cache/venv-kubernetes-validate-$kubernetes_validate_version-pyyaml-$pyyaml_version"
tools_python="$tools_venv/bin/python"
grpc_health_probe="$tools_cache/grpc-health-probe-$grpc_health_probe_version/grpc-health-probe"

# The directory of one Kubernetes version's schemas, for kubeconform's -schema-location.
schema_dir() {
	printf '%s/schemas-%s/v%s\n' "$tools_cache" "$kubernetes_validate_version" "$1"
}

tools_say() { printf '==> %s\n' "$*" >&2; }

go_install() { # directory module@version
	command -v go >/dev/null 2>&1 || { echo "deploy: go is needed to build $2" >&2; return 1; }
	tools_say "go install $2 (into $1)"
	local started=$SECONDS
	mkdir -p "$1"
	GOTOOLCHAIN=local GOBIN="$1" go install "$2"
	tools_say "built $2 in $((SECONDS - started)) s"
}

# One installer at a time (several checkouts may share the cache).
tools_lock() {
	mkdir -p "$tools_cache"
	exec {tools_lock}>"$tools_cache/.lock"
	flock "$tools_lock"
}

install_grpc_health_probe() {
	tools_lock
	[[ -x "$grpc_health_probe" ]] || go_install "$(dirname "$grpc_health_probe")" \
		"github.com/grpc-ecosystem/grpc-health-probe@$grpc_health_probe_version"
	flock -u "$tools_lock"
}

install_tools() {
	tools_lock
	[[ -x "$helm" ]] || go_install "$(dirname "$helm")" "helm.sh/helm/v3/cmd/helm@$helm_version"
	[[ -x "$kubeconform" ]] ||
		go_install "$(dirname "$kubeconform")" "github.com/yannh/kubeconform/cmd/kubeconform@$kubeconform_version"
	if [[ ! -f "$tools_venv/.complete" ]]; then
		tools_say "pip install kubernetes-validate==$kubernetes_validate_version PyYAML==$pyyaml_version (into $tools_venv)"
		rm -rf "$tools_venv"
		python3 -m venv "$tools_venv"
		"$tools_python" -m pip install --quiet --disable-pip-version-check --no-deps \
			"kubernetes-validate==$kubernetes_validate_version" "PyYAML==$pyyaml_version"
		touch "$tools_venv/.complete"
	fi
	local version
	for version in "${kube_versions[@]}"; do
		[[ -f "$(schema_dir "$version")/.complete" ]] && continue
		tools_say "Kubernetes $version schemas (from kubernetes-validate, into $(schema_dir "$version"))"
		"$tools_python" - "$version" "$(schema_dir "$version")" <<'EOF'
import importlib.util, json, pathlib, shutil, sys

version, out = sys.argv[1], pathlib.Path(sys.argv[2])
# Only its data: the package itself, installed without its dependencies, is never imported.
package = pathlib.Path(importlib.util.find_spec("kubernetes_validate").origin).parent
source = package / "kubernetes-json-schema" / f"v{version}-local-strict"
if not source.is_dir():
    sys.exit(f"deploy: kubernetes-validate has no schemas of Kubernetes {version}")
shutil.rmtree(out, ignore_errors=True)
out.mkdir(parents=True)
for path in source.glob("*.json"):
    # "$ref": "/api/_definitions.json#/…" resolves against the schema's $id, a kubernetes.io
    # address; without the $id and with a relative reference it is the file beside it.
    text = path.read_text().replace('"/api/_definitions.json#', '"_definitions.json#')
    schema = json.loads(text)
    schema.pop("$id", None)
    (out / path.name).write_text(json.dumps(schema))
(out / ".complete").touch()
EOF
	done
	flock -u "$tools_lock"
}
