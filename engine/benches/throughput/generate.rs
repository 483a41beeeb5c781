//! The in-memory corpus generator of the throughput benchmark: deterministic Score specs and
//! provider workflows of a requested length, valid against our schemas.

// -------------------------------------------------------------------------------------------
// a small deterministic random source (xorshift64*, seeded through splitmix64)

pub(crate) struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(z | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }
}

// -------------------------------------------------------------------------------------------
// text helpers

/// Collects the lines of a YAML file.
#[derive(Default)]
pub(crate) struct Lines(Vec<String>);

impl Lines {
    fn put(&mut self, indent: usize, text: impl AsRef<str>) {
        let text = text.as_ref();
        self.0.push(format!("{:indent$}{text}", ""));
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn append(&mut self, other: Lines) {
        self.0.extend(other.0);
    }

    fn finish(self) -> String {
        let mut out = self.0.join("\n");
        out.push('\n');
        out
    }
}

/// `text` as a YAML scalar that reads back as the same string: plain when that is safe,
/// double-quoted otherwise (and sometimes anyway, as people do).
pub(crate) fn string(rng: &mut Rng, text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let reserved = [
        "", "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ];
    let numeric = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | '_' | 'e' | 'E'))
        && text.chars().any(|c| c.is_ascii_digit());
    let first = text.chars().next().unwrap_or(' ');
    let risky = reserved.contains(&lower.as_str())
        || numeric
        || "{[]}&*!|>'\"%@`#,?:- ".contains(first)
        || text.ends_with(' ')
        || text.ends_with(':')
        || text.contains(": ")
        || text.contains(" #");
    if risky || rng.chance(0.1) {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        text.to_string()
    }
}

/// A flow sequence of double-quoted strings.
pub(crate) fn flow(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|s| format!("\"{}\"", s.replace('"', "\\\"")))
        .collect();
    format!("[{}]", quoted.join(", "))
}

// -------------------------------------------------------------------------------------------
// vocabulary

pub(crate) const TEAMS: &[&str] = &[
    "payments",
    "orders",
    "catalog",
    "billing",
    "search",
    "identity",
    "inventory",
    "shipping",
    "ledger",
    "reports",
    "checkout",
    "media",
    "pricing",
    "alerts",
];
pub(crate) const ROLES: &[&str] = &[
    "api", "worker", "web", "consumer", "cron", "backend", "frontend", "sync", "gateway",
];
pub(crate) const CONTAINERS: &[&str] = &[
    "main",
    "app",
    "sidecar",
    "proxy",
    "metrics",
    "migrate",
    "agent",
    "exporter",
    "scheduler",
];
pub(crate) const REGISTRIES: &[&str] = &[
    "ghcr.io/acme",
    "registry.example.com/platform",
    "quay.io/blue-team",
    "europe-docker.pkg.dev/acme-prod/apps",
];
pub(crate) const REGIONS: &[&str] = &["eu-west-1", "eu-central-1", "us-east-1", "us-west-2"];
pub(crate) const MEMORY: &[&str] = &[
    "64Mi", "128Mi", "256Mi", "512Mi", "1Gi", "1.5Gi", "2Gi", "500M",
];
pub(crate) const CPU: &[&str] = &["50m", "100m", "250m", "500m", "1", "2", "0.5", "1500m"];

/// Resource types: name stems and the outputs placeholders may read.
pub(crate) const RESOURCE_TYPES: &[(&str, &[&str], &[&str])] = &[
    (
        "postgres",
        &["db", "orders-db", "main-db"],
        &["host", "port", "name", "username", "password"],
    ),
    (
        "redis",
        &["cache", "sessions"],
        &["host", "port", "password"],
    ),
    (
        "s3",
        &["bucket", "uploads", "assets"],
        &["bucket", "region", "endpoint"],
    ),
    ("amqp", &["queue", "events"], &["host", "port", "vhost"]),
    ("volume", &["data", "scratch"], &[]),
    ("dns", &["dns", "domain"], &["host"]),
    ("route", &["route", "ingress"], &[]),
];

pub(crate) const PARAMETERS: &[&str] = &[
    "app_name",
    "namespace",
    "environment",
    "region",
    "team",
    "replicas",
    "image",
    "cpu_limit",
    "memory_limit",
    "db_version",
    "bucket_name",
    "retention_days",
    "enable_tls",
    "owner",
    "sync_policy",
    "repo_name",
];

// -------------------------------------------------------------------------------------------
// Score specs

pub(crate) struct Resource {
    name: String,
    rtype: &'static str,
    outputs: &'static [&'static str],
}

pub(crate) struct ScoreSpec<'r> {
    rng: &'r mut Rng,
    resources: Vec<Resource>,
}

impl ScoreSpec<'_> {
    fn add_resource(&mut self, rtype: Option<&str>) {
        let (t, stems, outputs) = match rtype {
            Some(want) => *RESOURCE_TYPES.iter().find(|r| r.0 == want).unwrap(),
            None => *self.rng.pick(RESOURCE_TYPES),
        };
        if t == "route" && !self.resources.iter().any(|r| r.rtype == "dns") {
            self.add_resource(Some("dns"));
        }
        let stem = *self.rng.pick(stems);
        let mut name = stem.to_string();
        let mut n = 2;
        while self.resources.iter().any(|r| r.name == name) {
            name = format!("{stem}-{n}");
            n += 1;
        }
        self.resources.push(Resource {
            name,
            rtype: t,
            outputs,
        });
    }

    /// A placeholder that resolves: a resource output, or the workload name.
    fn placeholder(&mut self) -> String {
        let with_outputs: Vec<usize> = (0..self.resources.len())
            .filter(|&i| !self.resources[i].outputs.is_empty())
            .collect();
        if with_outputs.is_empty() || self.rng.chance(0.15) {
            return "${metadata.name}".into();
        }
        let r = &self.resources[*self.rng.pick(&with_outputs)];
        let out = *self.rng.pick(r.outputs);
        format!("${{resources.{}.{}}}", r.name, out)
    }

    fn resources_block(&mut self) -> Lines {
        let mut l = Lines::default();
        if self.resources.is_empty() {
            return l;
        }
        l.put(0, "resources:");
        for i in 0..self.resources.len() {
            let (name, t) = (self.resources[i].name.clone(), self.resources[i].rtype);
            l.put(2, format!("{name}:"));
            l.put(4, format!("type: {t}"));
            if self.rng.chance(0.3) {
                let class = *self.rng.pick(&["default", "small", "large", "ha"]);
                l.put(4, format!("class: {class}"));
            }
            match t {
                "postgres" if self.rng.chance(0.6) => {
                    l.put(4, "params:");
                    let v = *self.rng.pick(&["14", "15", "16"]);
                    l.put(6, format!("version: \"{v}\""));
                    l.put(6, "extensions: [pgcrypto, uuid-ossp]");
                }
                "s3" if self.rng.chance(0.6) => {
                    l.put(4, "params:");
                    let region = *self.rng.pick(REGIONS);
                    l.put(6, format!("region: {region}"));
                    l.put(6, format!("versioning: {}", self.rng.chance(0.5)));
                }
                "route" => {
                    let dns = self.resources.iter().find(|r| r.rtype == "dns").unwrap();
                    let host = format!("${{resources.{}.host}}", dns.name);
                    l.put(4, "params:");
                    l.put(6, format!("host: {host}"));
                    let path = *self.rng.pick(&["/", "/api", "/v1"]);
                    l.put(6, format!("path: {path}"));
                    l.put(6, "port: 80");
                }
                "volume" if self.rng.chance(0.5) => {
                    l.put(4, "params:");
                    let size = *self.rng.pick(&["1Gi", "5Gi", "20Gi"]);
                    l.put(6, format!("size: {size}"));
                }
                _ => {}
            }
        }
        l
    }

    /// Variables of a container: exactly `n` entries (`n` lines) at `indent`.
    fn variables(&mut self, indent: usize, n: usize, port: u16) -> Lines {
        let mut l = Lines::default();
        let mut keys: Vec<String> = Vec::new();
        let mut add = |l: &mut Lines, rng: &mut Rng, key: String, value: &str| {
            if keys.contains(&key) {
                return;
            }
            l.put(indent, format!("{key}: {}", string(rng, value)));
            keys.push(key);
        };
        let mut stock: Vec<(String, String)> = vec![
            (
                "LOG_LEVEL".into(),
                self.rng.pick(&["debug", "info", "warn"]).to_string(),
            ),
            ("PORT".into(), port.to_string()),
            ("SERVICE_NAME".into(), "${metadata.name}".into()),
            ("TZ".into(), "UTC".into()),
        ];
        for r in &self.resources {
            let upper = r.name.to_ascii_uppercase().replace('-', "_");
            let n = &r.name;
            let value = match r.rtype {
                "postgres" => format!(
                    "postgres://${{resources.{n}.username}}:${{resources.{n}.password}}@${{resources.{n}.host}}:${{resources.{n}.port}}/${{resources.{n}.name}}"
                ),
                "redis" => format!("redis://${{resources.{n}.host}}:${{resources.{n}.port}}"),
                "s3" => format!("${{resources.{n}.bucket}}"),
                "amqp" => format!("amqp://${{resources.{n}.host}}:${{resources.{n}.port}}/${{resources.{n}.vhost}}"),
                "dns" => format!("https://${{resources.{n}.host}}"),
                _ => continue,
            };
            stock.push((format!("{upper}_URL"), value));
        }
        // Shuffle the stock (Fisher-Yates), then take what fits and invent the rest.
        for i in (1..stock.len()).rev() {
            let j = self.rng.range(0, i);
            stock.swap(i, j);
        }
        let mut serial = 0;
        for (k, v) in stock {
            if l.len() >= n {
                break;
            }
            add(&mut l, self.rng, k, &v);
        }
        while l.len() < n {
            serial += 1;
            let team = self.rng.pick(TEAMS).to_ascii_uppercase();
            let (key, value) = match self.rng.range(0, 3) {
                0 => (
                    format!("FEATURE_{team}_{serial:03}"),
                    self.rng
                        .pick(&["true", "false", "enabled", "off"])
                        .to_string(),
                ),
                1 => (
                    format!("UPSTREAM_{team}_{serial:03}"),
                    format!(
                        "http://{}-{}:{}/v1",
                        self.rng.pick(TEAMS),
                        self.rng.pick(ROLES),
                        self.rng.pick(&[80, 8080, 9000])
                    ),
                ),
                2 => (format!("SETTING_{serial:03}"), self.placeholder()),
                _ => (
                    format!("TIMEOUT_{team}_{serial:03}_MS"),
                    self.rng.range(100, 30_000).to_string(),
                ),
            };
            add(&mut l, self.rng, key, &value);
        }
        l
    }

    fn probe(&mut self, indent: usize, key: &str, port: u16) -> Lines {
        let mut l = Lines::default();
        l.put(indent, format!("{key}:"));
        if self.rng.chance(0.7) {
            l.put(indent + 2, "httpGet:");
            let path = *self.rng.pick(&["/healthz", "/ready", "/livez", "/status"]);
            l.put(indent + 4, format!("path: {path}"));
            l.put(indent + 4, format!("port: {port}"));
            if self.rng.chance(0.2) {
                l.put(indent + 4, "scheme: HTTP");
            }
        } else {
            l.put(indent + 2, "exec:");
            let cmd = vec![
                "/bin/sh".to_string(),
                "-c".to_string(),
                format!("curl -fsS http://localhost:{port}/healthz"),
            ];
            l.put(indent + 4, format!("command: {}", flow(&cmd)));
        }
        l
    }

    /// One container under `containers:`, using `share` lines when it can.
    fn container(&mut self, name: &str, share: usize) -> Lines {
        let rng_port = *self.rng.pick(&[3000u16, 8000, 8080, 9090]);
        let mut head = Lines::default();
        head.put(2, format!("{name}:"));
        let image = if self.rng.chance(0.05) {
            ".".to_string()
        } else {
            format!(
                "{}/{}-{}:{}.{}.{}",
                self.rng.pick(REGISTRIES),
                self.rng.pick(TEAMS),
                self.rng.pick(ROLES),
                self.rng.range(0, 3),
                self.rng.range(0, 20),
                self.rng.range(0, 9)
            )
        };
        head.put(4, format!("image: {}", string(self.rng, &image)));

        let mut optional: Vec<Lines> = Vec::new();
        if self.rng.chance(0.3) {
            let mut l = Lines::default();
            l.put(
                4,
                format!("command: {}", flow(&["/app/server".to_string()])),
            );
            optional.push(l);
        }
        if self.rng.chance(0.3) {
            let mut l = Lines::default();
            l.put(
                4,
                format!(
                    "args: {}",
                    flow(&["--port".to_string(), rng_port.to_string()])
                ),
            );
            optional.push(l);
        }
        if self.rng.chance(0.8) {
            let mut l = Lines::default();
            l.put(4, "resources:");
            l.put(6, "limits:");
            let cpu = *self.rng.pick(CPU);
            l.put(8, format!("cpu: {}", string(self.rng, cpu)));
            let mem = *self.rng.pick(MEMORY);
            l.put(8, format!("memory: {mem}"));
            if self.rng.chance(0.6) {
                l.put(6, "requests:");
                let cpu = *self.rng.pick(&["50m", "100m", "250m"]);
                l.put(8, format!("cpu: {cpu}"));
                let mem = *self.rng.pick(&["64Mi", "128Mi", "256Mi"]);
                l.put(8, format!("memory: {mem}"));
            }
            optional.push(l);
        }
        if self.rng.chance(0.7) {
            optional.push(self.probe(4, "livenessProbe", rng_port));
        }
        if self.rng.chance(0.7) {
            optional.push(self.probe(4, "readinessProbe", rng_port));
        }
        let volumes: Vec<String> = self
            .resources
            .iter()
            .filter(|r| r.rtype == "volume")
            .map(|r| r.name.clone())
            .collect();
        if let Some(v) = volumes.first() {
            let mut l = Lines::default();
            l.put(4, "volumes:");
            l.put(6, "/var/lib/data:");
            l.put(8, format!("source: ${{resources.{v}}}"));
            if self.rng.chance(0.5) {
                l.put(8, format!("readOnly: {}", self.rng.chance(0.5)));
            }
            optional.push(l);
        }
        if self.rng.chance(0.5) {
            let mut l = Lines::default();
            l.put(4, "files:");
            let file = *self.rng.pick(&["app.conf", "settings.yaml", "logging.ini"]);
            l.put(6, format!("/etc/app/{file}:"));
            match self.rng.range(0, 3) {
                0 => {
                    l.put(8, format!("source: ./config/{file}"));
                }
                1 => {
                    let blob: String = (0..self.rng.range(4, 8) * 4)
                        .map(|_| {
                            *self.rng.pick(
                                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                            ) as char
                        })
                        .collect();
                    l.put(8, format!("binaryContent: {blob}"));
                }
                _ => {
                    if self.rng.chance(0.5) {
                        l.put(8, "mode: \"0644\"");
                    }
                    l.put(8, "content: |");
                    for i in 0..self.rng.range(2, 6) {
                        let line = match i % 3 {
                            0 => format!("listen = {rng_port}"),
                            1 => format!("upstream = {}", self.placeholder()),
                            _ => format!("# generated for {}", self.rng.pick(TEAMS)),
                        };
                        l.put(10, line);
                    }
                }
            }
            optional.push(l);
        }
        for i in (1..optional.len()).rev() {
            let j = self.rng.range(0, i);
            optional.swap(i, j);
        }
        // Keep room for `variables:` and at least one variable.
        let mut used = head.len() + 2;
        let mut kept = Lines::default();
        for block in optional {
            if used + block.len() <= share {
                used += block.len();
                kept.append(block);
            }
        }
        let n_vars = 1 + share.saturating_sub(used);
        let mut out = head;
        out.put(4, "variables:");
        let vars = self.variables(6, n_vars, rng_port);
        out.append(vars);
        out.append(kept);
        out
    }

    fn build(mut self, target: usize) -> String {
        let name = format!("{}-{}", self.rng.pick(TEAMS), self.rng.pick(ROLES));
        let mut head = Lines::default();
        if self.rng.chance(0.3) {
            head.put(0, format!("# Score workload of {name}"));
        }
        head.put(0, "apiVersion: score.dev/v1b1");
        head.put(0, "metadata:");
        head.put(2, format!("name: {name}"));
        if self.rng.chance(0.5) {
            head.put(2, "annotations:");
            let team = *self.rng.pick(TEAMS);
            head.put(4, format!("example.com/team: {team}"));
            head.put(4, format!("example.com/tier: \"{}\"", self.rng.range(1, 3)));
        }
        let n_res = if target >= 40 {
            self.rng.range(1, 3)
        } else {
            self.rng.range(0, 1)
        };
        for _ in 0..n_res {
            self.add_resource(None);
        }
        let resources = self.resources_block();
        let mut service = Lines::default();
        if target >= 25 && self.rng.chance(0.8) {
            service.put(0, "service:");
            service.put(2, "ports:");
            service.put(4, "http:");
            service.put(6, "port: 80");
            let tp = *self.rng.pick(&[3000, 8000, 8080]);
            service.put(6, format!("targetPort: {tp}"));
            if self.rng.chance(0.3) {
                service.put(4, "grpc:");
                service.put(6, "port: 9090");
                service.put(6, "protocol: TCP");
            }
        }
        let fixed = head.len() + service.len() + resources.len() + 1;
        let budget = target.saturating_sub(fixed).max(4);
        let n_containers = self.rng.range(1, 3).min((budget / 12).max(1));
        let mut names: Vec<&str> = CONTAINERS.to_vec();
        for i in (1..names.len()).rev() {
            let j = self.rng.range(0, i);
            names.swap(i, j);
        }
        let mut out = head;
        out.append(service);
        out.put(0, "containers:");
        let mut left = budget;
        for (i, cname) in names.iter().take(n_containers).enumerate() {
            let remaining = n_containers - i;
            let share = if remaining == 1 {
                left
            } else {
                (left / remaining).max(4)
            };
            let c = self.container(cname, share);
            left = left.saturating_sub(c.len());
            out.append(c);
        }
        out.append(resources);
        out.finish()
    }
}

pub(crate) fn score_file(seed: u64, target: usize) -> String {
    let mut rng = Rng::new(seed);
    ScoreSpec {
        rng: &mut rng,
        resources: Vec::new(),
    }
    .build(target)
}

// -------------------------------------------------------------------------------------------
// provider workflows

pub(crate) struct WorkflowSpec<'r> {
    rng: &'r mut Rng,
    params: Vec<&'static str>,
    steps: Vec<String>,
}

impl WorkflowSpec<'_> {
    fn template(&mut self) -> String {
        let p = if self.params.is_empty() {
            "app_name"
        } else {
            *self.rng.pick(&self.params)
        };
        format!("{{{{ .parameters.{p} }}}}")
    }

    /// One step of exactly `budget` lines when the type allows (at least 8; a kubernetes
    /// step needs 13, so a smaller budget picks another type).
    fn step(&mut self, budget: usize) -> Lines {
        let idx = self.steps.len();
        // The least lines of each type: policy 4 + a 3-line script, terraform 8, kubernetes
        // 12 + one data entry.
        let types: &[(&str, usize)] = if budget >= 13 {
            &[("policy", 7), ("kubernetes", 13), ("terraform", 8)]
        } else {
            &[("policy", 7), ("terraform", 8)]
        };
        let (t, least) = *self.rng.pick(types);
        let mut room = budget.saturating_sub(least);
        let verb = *self
            .rng
            .pick(&["create", "provision", "deploy", "verify", "sync", "tag"]);
        let object = *self
            .rng
            .pick(&["namespace", "database", "bucket", "app", "dns", "secrets"]);
        let name = format!("{verb}-{object}-{idx}");
        let mut l = Lines::default();
        l.put(2, format!("- name: {name}"));
        l.put(4, format!("type: {t}"));
        if !self.steps.is_empty() && room >= 1 && self.rng.chance(0.6) {
            let from = self.steps.len().saturating_sub(5);
            let a = self.steps[self.rng.range(from, self.steps.len() - 1)].clone();
            let b = self.steps[self.rng.range(from, self.steps.len() - 1)].clone();
            let deps = if a == b { vec![a] } else { vec![a, b] };
            if room < 1 + deps.len() || self.rng.chance(0.5) {
                l.put(4, format!("dependsOn: [{}]", deps.join(", ")));
                room -= 1;
            } else {
                l.put(4, "dependsOn:");
                room -= 1 + deps.len();
                for d in deps {
                    l.put(6, format!("- {d}"));
                }
            }
        }
        if room >= 1 && self.rng.chance(0.3) {
            let when = *self.rng.pick(&["always", "on_success", "on_failure"]);
            l.put(4, format!("when: {when}"));
            room -= 1;
        }
        l.put(4, "config:");
        match t {
            "policy" => {
                l.put(6, "script: |");
                let app = self.template();
                l.put(8, "#!/bin/sh");
                l.put(8, "set -eu");
                l.put(8, format!("APP=\"{app}\""));
                for _ in 0..room {
                    let line = match self.rng.range(0, 3) {
                        0 => "echo \"checking $APP\"".to_string(),
                        1 => "kubectl get pods -n \"$APP\" -o name".to_string(),
                        2 => format!("test -n \"{}\"", self.template()),
                        _ => "sleep 1".to_string(),
                    };
                    l.put(8, line);
                }
            }
            "kubernetes" => {
                let op = *self.rng.pick(&["apply", "apply", "create-namespace"]);
                l.put(6, format!("operation: {op}"));
                let ns = self.template();
                l.put(6, format!("namespace: \"{ns}\""));
                l.put(6, "manifest: |");
                let app = self.template();
                l.put(8, "apiVersion: v1");
                l.put(8, "kind: ConfigMap");
                l.put(8, "metadata:");
                l.put(10, format!("name: {app}-config"));
                l.put(10, format!("namespace: {ns}"));
                l.put(8, "data:");
                for k in 0..=room {
                    let v = if self.rng.chance(0.3) {
                        self.template()
                    } else {
                        self.rng.range(0, 999).to_string()
                    };
                    l.put(10, format!("key_{k}: \"{v}\""));
                }
            }
            _ => {
                let op = *self.rng.pick(&["init", "plan", "apply"]);
                l.put(6, format!("operation: {op}"));
                let dir = *self.rng.pick(&["db", "bucket", "network"]);
                l.put(6, format!("working_dir: ./terraform/{dir}"));
                l.put(6, "variables:");
                let app = self.template();
                l.put(8, format!("name: \"{app}\""));
                let region = *self.rng.pick(REGIONS);
                l.put(8, format!("region: {region}"));
                let outputs = if room >= 2 && self.rng.chance(0.6) {
                    self.rng.range(1, (room - 1).min(3))
                } else {
                    0
                };
                let extra = room - if outputs > 0 { 1 + outputs } else { 0 };
                for i in 0..extra {
                    l.put(8, format!("tag_{i}: {}", self.rng.pick(TEAMS)));
                }
                if outputs > 0 {
                    l.put(4, "outputs:");
                    for o in ["endpoint", "id", "url"].iter().take(outputs) {
                        l.put(6, format!("- {o}"));
                    }
                }
            }
        }
        self.steps.push(name);
        l
    }

    fn build(mut self, target: usize) -> String {
        let verb = *self.rng.pick(&["provision", "deploy", "onboard", "update"]);
        let team = *self.rng.pick(TEAMS);
        let mut l = Lines::default();
        l.put(0, "apiVersion: innominatus.io/v1alpha1");
        l.put(0, "kind: Workflow");
        l.put(0, "metadata:");
        l.put(2, format!("name: {verb}-{team}"));
        l.put(
            2,
            format!("description: {} the {team} stack", capitalise(verb)),
        );
        let n_params = (target / 30).clamp(1, PARAMETERS.len());
        let n_params = self.rng.range(n_params.div_ceil(2), n_params);
        if n_params > 0 {
            l.put(0, "parameters:");
        }
        for &p in &PARAMETERS[..n_params] {
            self.params.push(p);
            l.put(2, format!("- name: {p}"));
            let t = *self.rng.pick(&["string", "string", "number", "boolean"]);
            l.put(4, format!("type: {t}"));
            let required = self.rng.chance(0.4);
            l.put(4, format!("required: {required}"));
            if !required {
                let default = match t {
                    "number" => self.rng.range(1, 10).to_string(),
                    "boolean" => self.rng.chance(0.5).to_string(),
                    _ => format!("{}-default", p.replace('_', "-")),
                };
                l.put(4, format!("default: {default}"));
            }
            l.put(
                4,
                format!("description: The {} of the workflow", p.replace('_', " ")),
            );
        }
        l.put(0, "steps:");
        loop {
            let left = target.saturating_sub(l.len());
            if left < 10 && !self.steps.is_empty() {
                break;
            }
            let budget = left.min(self.rng.range(10, 30)).max(8);
            let s = self.step(budget);
            l.append(s);
        }
        // Pad to the exact size on the last step: `parallel` for one line, `env` for more.
        let missing = target.saturating_sub(l.len());
        if missing == 1 {
            l.put(4, "parallel: false");
        } else if missing > 1 {
            l.put(4, "env:");
            for i in 0..missing - 1 {
                let v = if self.rng.chance(0.5) {
                    format!("\"{}\"", self.template())
                } else {
                    self.rng.pick(&["production", "staging"]).to_string()
                };
                l.put(6, format!("STAGE_{i:03}: {v}"));
            }
        }
        l.finish()
    }
}

pub(crate) fn capitalise(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

pub(crate) fn workflow_file(seed: u64, target: usize) -> String {
    let mut rng = Rng::new(seed);
    WorkflowSpec {
        rng: &mut rng,
        params: Vec::new(),
        steps: Vec::new(),
    }
    .build(target)
}
