"""Assertions on what the chart renders, beyond what the Kubernetes schemas can see: mistakes
that would pass `kubeconform` and still break a deployment or leak a secret.

    assert.py rendered VALUES.yaml RENDERED.yaml   one rendered value set; VALUES.yaml's header
                                                   says what it must render (`# renders:` kinds,
                                                   `# secret-env:` variables read from Secrets)
    assert.py settings README.md SCHEMA.json       the chart knows every setting README lists
    assert.py selftest VALUES.yaml RENDERED.yaml   the assertions catch planted mistakes (in the
                                                   default render)

Exits 1 with one line per failed assertion.
"""

import copy
import json
import re
import sys

import yaml

# Settings that are secrets: only ever read from a Secret.
SECRET_ENV = {
    "VERILINK_DATABASE_URL",
    "DATABASE_URL",
    "VERILINK_ENCRYPTION_KEY",
    "VERILINK_ENCRYPTION_KEY_PREVIOUS",
    "VERILINK_SMTP_URL",
    "VERILINK_OIDC_CLIENT_SECRET",
    "VERILINK_WEBHOOK_PROXY",
}
# Settings the chart derives from its own values (ports, listenAddress, shutdown).
CHART_ENV = {
    "VERILINK_GRPC_ADDR",
    "VERILINK_HTTP_ADDR",
    "VERILINK_CONSOLE_ADDR",
    "VERILINK_DRAIN_TIMEOUT_MS",
}
# user:password@ in a URL.
CREDENTIAL_URL = re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.IGNORECASE)

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def strings(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


def header(path, name):
    with open(path) as f:
        for line in f:
            if line.startswith(f"# {name}:"):
                return sorted(line.split(":", 1)[1].split())
    return []


def only(objects, kind):
    found = [o for o in objects if o["kind"] == kind]
    return found[0] if len(found) == 1 else None


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def port_of(address):
    return int(address.rsplit(":", 1)[1])


def check_secrets(objects, expected_secret_env):
    check(not [o for o in objects if o["kind"] == "Secret"], "the chart renders a Secret")
    for obj in objects:
        name = f'{obj["kind"]} {obj["metadata"]["name"]}'
        for text in strings(obj):
            check(not CREDENTIAL_URL.search(text), f"{name} holds a URL with a password: {text!r}")
        if obj["kind"] == "ConfigMap":
            leaked = SECRET_ENV & set(obj.get("data", {}))
            check(not leaked, f"{name} holds secret settings {sorted(leaked)}")
    for obj in objects:
        spec = obj.get("spec", {}).get("template", {}).get("spec")
        if not spec:
            continue
        for container in spec["containers"]:
            where = f'{obj["kind"]} {obj["metadata"]["name"]} container {container["name"]}'
            for env in container.get("env", []):
                if env["name"] in SECRET_ENV:
                    check(
                        "value" not in env and "secretKeyRef" in env.get("valueFrom", {}),
                        f"{where}: {env['name']} is not read from a Secret",
                    )
    deployment = only(objects, "Deployment")
    env = {e["name"] for e in deployment["spec"]["template"]["spec"]["containers"][0].get("env", [])}
    check(
        sorted(env & SECRET_ENV) == expected_secret_env,
        f"secret settings {sorted(env & SECRET_ENV)}, expected {expected_secret_env}",
    )


def check_server(objects):
    deployment = only(objects, "Deployment")
    config = only(objects, "ConfigMap")["data"]
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    check(set(ports) == {"grpc", "http", "console"}, f"container ports {sorted(ports)}")
    check(container["args"] == ["serve"], f'the server runs {container["args"]}')
    check(
        container.get("envFrom") == [{"configMapRef": {"name": only(objects, "ConfigMap")["metadata"]["name"]}}],
        "the server does not read the chart's ConfigMap",
    )

    # The listeners are where the probes and Services look.
    for name in ("grpc", "http", "console"):
        address = config[f"VERILINK_{name.upper()}_ADDR"]
        check(port_of(address) == ports.get(name), f"VERILINK_{name.upper()}_ADDR {address} is not container port {name}")
        check(not address.startswith(("127.", "[::1]", "localhost")), f"{name} listens on loopback: {address}")
    probes = {kind: container.get(f"{kind}Probe", {}).get("grpc", {}) for kind in ("startup", "liveness", "readiness")}
    for kind, probe in probes.items():
        check(probe.get("port") == ports.get("grpc"), f"the {kind} probe is not on the gRPC port: {probe}")
    check(probes["startup"].get("service") == "", "the startup probe does not ask for the process (service \"\")")
    check(probes["liveness"].get("service") == "", "the liveness probe does not ask for the process (service \"\")")
    check(
        probes["readiness"].get("service") == "verilink.v1.InquiryService",
        "the readiness probe does not ask for verilink.v1.InquiryService",
    )

    # Shutdown: the kubelet must not kill a pod still sleeping in preStop or draining.
    pre_stop = container.get("lifecycle", {}).get("preStop", {}).get("sleep", {}).get("seconds", 0)
    drain = int(config["VERILINK_DRAIN_TIMEOUT_MS"]) / 1000
    grace = pod["terminationGracePeriodSeconds"]
    check(pre_stop > 0, "no preStop sleep: endpoints would still send to a stopping pod")
    check(grace > pre_stop + drain, f"grace period {grace} s does not exceed preStop {pre_stop} s + drain {drain} s")

    # Hardening.
    security = container["securityContext"]
    check(pod["securityContext"].get("runAsNonRoot") is True, "the pod may run as root")
    check(pod["securityContext"].get("seccompProfile") == {"type": "RuntimeDefault"}, "no RuntimeDefault seccomp")
    check(security.get("readOnlyRootFilesystem") is True, "the root filesystem is writable")
    check(security.get("allowPrivilegeEscalation") is False, "privilege escalation is allowed")
    check(security.get("capabilities", {}).get("drop") == ["ALL"], "capabilities are not all dropped")
    check(pod.get("automountServiceAccountToken") is False, "the pod mounts a service account token")
    check(pod.get("enableServiceLinks") is False, "Service links would add VERILINK_*-like variables")
    resources = container.get("resources", {})
    check({"cpu", "memory"} <= set(resources.get("requests", {})), "no cpu and memory requests")
    check("memory" in resources.get("limits", {}), "no memory limit")
    spread = {c["topologyKey"] for c in pod.get("topologySpreadConstraints", [])}
    check(bool(spread), "replicas are not spread over nodes or zones")
    for constraint in pod.get("topologySpreadConstraints", []):
        check(
            selects(constraint["labelSelector"]["matchLabels"], deployment["spec"]["template"]["metadata"]["labels"]),
            f'the {constraint["topologyKey"]} spread does not count the server pods',
        )
    return deployment, ports


def check_wiring(objects, deployment, ports):
    """Everything that points at the server's pods finds them, by labels and port names."""
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    selector = deployment["spec"]["selector"]["matchLabels"]
    check(selects(selector, pod_labels), "the Deployment does not select its own pods")
    jobs = [o for o in objects if o["kind"] == "Job"]
    services = {o["metadata"]["name"]: o for o in objects if o["kind"] == "Service"}
    for name, service in services.items():
        check(selects(service["spec"]["selector"], pod_labels), f"Service {name} does not select the server pods")
        for job in jobs:
            check(
                not selects(service["spec"]["selector"], job["spec"]["template"]["metadata"]["labels"]),
                f"Service {name} selects the migration pod",
            )
        for port in service["spec"]["ports"]:
            check(port["targetPort"] in ports, f"Service {name} targets unknown port {port['targetPort']}")
            check("appProtocol" in port, f"Service {name} port {port['name']} has no appProtocol")
    console = [s for s in services.values() if s["spec"]["ports"][0]["targetPort"] == "console"]
    check(len(console) == 1 and console[0]["spec"]["type"] == "ClusterIP", "the console is not internal only")

    pdb = only(objects, "PodDisruptionBudget")
    if check(pdb is not None, "no PodDisruptionBudget"):
        check(pdb["spec"]["selector"]["matchLabels"] == selector, "the PodDisruptionBudget selects other pods")
    hpa = only(objects, "HorizontalPodAutoscaler")
    if hpa:
        check(hpa["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"], "the autoscaler scales another target")
        check("replicas" not in deployment["spec"], "the Deployment sets replicas while autoscaled")
    else:
        check(deployment["spec"].get("replicas", 0) >= 2, "fewer than two replicas")
    for policy in (o for o in objects if o["kind"] == "NetworkPolicy"):
        check(policy["spec"]["podSelector"]["matchLabels"] == selector, "the NetworkPolicy applies to other pods")
        for rule in policy["spec"].get("ingress", []):
            for port in rule["ports"]:
                check(port["port"] in ports, f"the NetworkPolicy opens unknown port {port['port']}")
    for ingress in (o for o in objects if o["kind"] == "Ingress"):
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                target = services.get(backend["name"])
                check(
                    target is not None and backend["port"]["name"] in {p["name"] for p in target["spec"]["ports"]},
                    f'Ingress {ingress["metadata"]["name"]} routes to unknown {backend}',
                )
                check(
                    target is None or target is not console[0],
                    f'Ingress {ingress["metadata"]["name"]} exposes the console',
                )
    for job in jobs:
        spec = job["spec"]["template"]["spec"]
        hooks = job["metadata"].get("annotations", {}).get("helm.sh/hook", "")
        check(set(hooks.split(",")) == {"pre-install", "pre-upgrade"}, f"the migration Job runs on {hooks!r}")
        check(spec["containers"][0]["args"] == ["migrate"], "the migration Job does not migrate")
        check(spec.get("automountServiceAccountToken") is False, "the migration pod mounts a token")
        check(spec["containers"][0]["securityContext"].get("readOnlyRootFilesystem") is True, "the migration pod is writable")
        database = [e for e in spec["containers"][0]["env"] if e["name"] == "VERILINK_DATABASE_URL"]
        server = [e for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"] if e["name"] == "VERILINK_DATABASE_URL"]
        check(database == server, "the migration Job reads another database URL than the server")


def load(rendered_path):
    with open(rendered_path) as f:
        return [o for o in yaml.safe_load_all(f) if o]


def rendered(values_path, rendered_path):
    check_objects(values_path, load(rendered_path))


def check_objects(values_path, objects):
    kinds = sorted(o["kind"] for o in objects)
    check(kinds == header(values_path, "renders"), f"rendered {kinds}, expected {header(values_path, 'renders')}")
    check_secrets(objects, header(values_path, "secret-env"))
    deployment, ports = check_server(objects)
    check_wiring(objects, deployment, ports)


def settings(readme_path, schema_path):
    with open(readme_path) as f:
        readme = f.read()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z_]+)`", table, re.MULTILINE))
    with open(schema_path) as f:
        schema = json.load(f)
    plain = set(schema["properties"]["config"]["properties"])
    known = plain | CHART_ENV | (SECRET_ENV - {"DATABASE_URL"})
    check(not documented - known, f"README settings the chart cannot set: {sorted(documented - known)}")
    check(not known - documented, f"chart settings README does not list: {sorted(known - documented)}")
    check(not plain & (SECRET_ENV | CHART_ENV), f"config accepts {sorted(plain & (SECRET_ENV | CHART_ENV))}")


def server_container(objects):
    return only(objects, "Deployment")["spec"]["template"]["spec"]["containers"][0]


def plant_database_url(objects):
    env = server_container(objects)["env"]
    env[0] = {"name": "VERILINK_DATABASE_URL", "value": "postgres://verilink:hunter2@db/verilink"}


def plant_exposed_console(objects):
    [s for s in objects if s["metadata"]["name"].endswith("-console")][0]["spec"]["type"] = "LoadBalancer"


# Each planted mistake, and what the assertions must then say.
PLANTED = {
    "readiness on the process": (
        lambda objects: server_container(objects)["readinessProbe"]["grpc"].update(service=""),
        "the readiness probe does not ask for verilink.v1.InquiryService",
    ),
    "probe on the HTTP port": (
        lambda objects: server_container(objects)["livenessProbe"]["grpc"].update(port=8080),
        "the liveness probe is not on the gRPC port",
    ),
    "grace period too short": (
        lambda objects: only(objects, "Deployment")["spec"]["template"]["spec"].update(terminationGracePeriodSeconds=12),
        "grace period 12 s does not exceed",
    ),
    "database URL as a value": (plant_database_url, "URL with a password"),
    "console on a load balancer": (plant_exposed_console, "the console is not internal only"),
    "console on loopback": (
        lambda objects: only(objects, "ConfigMap")["data"].update(VERILINK_CONSOLE_ADDR="127.0.0.1:8081"),
        "console listens on loopback",
    ),
    "writable root filesystem": (
        lambda objects: server_container(objects)["securityContext"].update(readOnlyRootFilesystem=False),
        "the root filesystem is writable",
    ),
    "PodDisruptionBudget on the migration pod": (
        lambda objects: only(objects, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"].update(
            {"app.kubernetes.io/component": "migrate"}
        ),
        "the PodDisruptionBudget selects other pods",
    ),
}


def selftest(values_path, rendered_path):
    objects = load(rendered_path)
    check_objects(values_path, objects)
    check(not failures, f"the default render fails: {failures}")
    for name, (plant, expected) in PLANTED.items():
        planted = copy.deepcopy(objects)
        plant(planted)
        before = len(failures)
        check_objects(values_path, planted)
        said = failures[before:]
        del failures[before:]
        check(any(expected in f for f in said), f"planted {name}: expected {expected!r}, the assertions said {said}")


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"rendered": rendered, "settings": settings, "selftest": selftest}[mode](*args)
    for failure in failures:
        print(f"assert: {failure}", file=sys.stderr)
    sys.exit(1 if failures else 0)
