//! Go to definition, references and rename. Locations are shown as `file:line:col` and the
//! text they cover.

use super::PROVIDERS;
use crate::ide::fixture::Fixture;
use crate::ide::navigate::{definition, prepare_rename, references, rename};
use crate::ide::Location;
use crate::text::Span;

/// Definitions of the symbol at the cursor.
fn definitions(f: &Fixture) -> Vec<Location> {
    let at = f.cursor();
    definition(&f.ws, at.file, at.offset)
}

/// References of the symbol at the cursor.
fn uses(f: &Fixture, include_declaration: bool) -> Vec<Location> {
    let at = f.cursor();
    references(&f.ws, at.file, at.offset, include_declaration)
}

/// Where a location leads on from: its file index and start offset.
fn from(f: &Fixture, location: &Location) -> (usize, usize) {
    (f.file(&location.file), location.span.start)
}

/// A workflow whose steps depend on each other.
const STEPS: &str = "
//- providers/db/workflows/provision.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
steps:
  - name: validate-request
    type: policy
  - name: ensure-namespace
    type: policy
    dependsOn: [validate-request]
  - name: create-cluster
    type: kubernetes
    dependsOn: [ensure-namespace]
  - name: wait-for-ready
    type: policy
    dependsOn: [create-cluster]
  - name: restrict-network
    type: kubernetes
    dependsOn: [create-cluster]
";

#[test]
fn a_depends_on_entry_leads_to_the_step_and_back() {
    let f = Fixture::new(&STEPS.replace(
        "dependsOn: [ensure-namespace]",
        "dependsOn: [ensure-na$0mespace]",
    ));
    let defs = definitions(&f);
    assert_eq!(
        f.show_all(&defs),
        ["providers/db/workflows/provision.yaml:6:11 `ensure-namespace`"]
    );
    let (file, offset) = from(&f, &defs[0]);
    assert_eq!(
        f.show_all(&references(&f.ws, file, offset, false)),
        ["providers/db/workflows/provision.yaml:11:17 `ensure-namespace`"]
    );
    assert_eq!(
        f.show_all(&uses(&f, true)),
        [
            "providers/db/workflows/provision.yaml:6:11 `ensure-namespace`",
            "providers/db/workflows/provision.yaml:11:17 `ensure-namespace`"
        ]
    );
}

#[test]
fn renaming_a_step_rewrites_its_name_and_every_depends_on() {
    let f = Fixture::new(&STEPS.replace("name: create-cluster", "name: create-cl$0uster"));
    let at = f.cursor();
    let (span, name) = prepare_rename(&f.ws, at.file, at.offset).expect("renamable");
    assert_eq!(
        (f.slice(at.file, span), name.as_str()),
        ("create-cluster", "create-cluster")
    );
    let edits = rename(&f.ws, at.file, at.offset, "create-pg-cluster").expect("a valid name");
    let shown: Vec<String> = edits
        .iter()
        .map(|(l, new)| format!("{} -> {new}", f.show(l)))
        .collect();
    assert_eq!(
        shown,
        [
            "providers/db/workflows/provision.yaml:9:11 `create-cluster` -> create-pg-cluster",
            "providers/db/workflows/provision.yaml:14:17 `create-cluster` -> create-pg-cluster",
            "providers/db/workflows/provision.yaml:17:17 `create-cluster` -> create-pg-cluster"
        ]
    );
    assert_eq!(
        apply(f.text(at.file), &edits),
        STEPS
            .split_once("provision.yaml\n")
            .unwrap()
            .1
            .replace("create-cluster", "create-pg-cluster")
    );
    assert_eq!(
        rename(&f.ws, at.file, at.offset, "bad name"),
        Err("`bad name` is not a valid name: use letters, digits, `-` and `_`".to_string())
    );
}

#[test]
fn a_step_type_cannot_be_renamed() {
    let f = Fixture::new(&STEPS.replacen("type: policy", "type: pol$0icy", 1));
    let at = f.cursor();
    assert_eq!(prepare_rename(&f.ws, at.file, at.offset), None);
    assert!(rename(&f.ws, at.file, at.offset, "x").is_err());
}

/// The edits applied to `text` (all in one file).
fn apply(text: &str, edits: &[(Location, String)]) -> String {
    let mut edits: Vec<(Span, &str)> = edits.iter().map(|(l, n)| (l.span, n.as_str())).collect();
    edits.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
    let mut out = text.to_string();
    for (span, new) in edits {
        out.replace_range(span.start..span.end, new);
    }
    out
}

#[test]
fn a_workflow_name_leads_from_the_operation_to_the_entry_to_the_file_and_back() {
    let f = Fixture::new(&PROVIDERS.replace(
        "workflow: provision-postgres",
        "workflow: provision-po$0stgres",
    ));
    // Operation → entry.
    let entry = definitions(&f);
    assert_eq!(
        f.show_all(&entry),
        ["providers/database-team/provider.yaml:16:11 `provision-postgres`"]
    );
    // Entry → file.
    let (file, offset) = from(&f, &entry[0]);
    assert_eq!(
        f.show_all(&definition(&f.ws, file, offset)),
        ["providers/database-team/workflows/provision-postgres.yaml:1:1"]
    );
    // The workflow file's `metadata.name` → entry.
    let in_file = Fixture::new(&PROVIDERS.replace(
        "  name: provision-postgres\nsteps:",
        "  name: provision-po$0stgres\nsteps:",
    ));
    assert_eq!(
        in_file.show_all(&definitions(&in_file)),
        ["providers/database-team/provider.yaml:16:11 `provision-postgres`"]
    );
    // Entry, operation and the file's name.
    assert_eq!(
        f.show_all(&references(&f.ws, file, offset, true)),
        [
            "providers/database-team/provider.yaml:16:11 `provision-postgres`",
            "providers/database-team/workflows/provision-postgres.yaml:4:9 `provision-postgres`",
            "providers/database-team/provider.yaml:10:21 `provision-postgres`"
        ]
    );
}

#[test]
fn renaming_a_workflow_rewrites_the_manifest_and_the_file() {
    let f = Fixture::new(
        &PROVIDERS.replace("workflow: delete-postgres", "workflow: delete-po$0stgres"),
    );
    let at = f.cursor();
    let edits = rename(&f.ws, at.file, at.offset, "drop-postgres").expect("a valid name");
    let shown: Vec<String> = edits
        .iter()
        .map(|(l, new)| format!("{} -> {new}", f.show(l)))
        .collect();
    // The entry, the file's name and the operation.
    assert_eq!(
        shown,
        [
            "providers/database-team/provider.yaml:20:11 `delete-postgres` -> drop-postgres",
            "providers/database-team/workflows/delete-postgres.yaml:4:9 `delete-postgres` -> drop-postgres",
            "providers/database-team/provider.yaml:12:21 `delete-postgres` -> drop-postgres",
        ]
    );
}

/// A Score spec whose container reads its resources' outputs.
const ORDERS: &str = "
//- apps/orders-api/score.yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders-api
containers:
  api:
    image: nginx
    variables:
      DB_HOST: ${resources.db.host}
      DB_PORT: ${resources.db.port}
      DB_URL: postgres://${resources.db.host}:${resources.db.port}/orders
      BUCKET: ${resources.invoices.bucket_name}
resources:
  db:
    type: postgres
  invoices:
    type: s3-bucket
";

#[test]
fn a_resource_and_its_placeholders_point_at_each_other() {
    let f = Fixture::new(&ORDERS.replace("${resources.db.port}\n", "${resources.d$0b.port}\n"));
    let defs = definitions(&f);
    assert_eq!(f.show_all(&defs), ["apps/orders-api/score.yaml:13:3 `db`"]);
    let (file, offset) = from(&f, &defs[0]);
    assert_eq!(
        f.show_all(&references(&f.ws, file, offset, false)),
        [
            "apps/orders-api/score.yaml:8:28 `db`",
            "apps/orders-api/score.yaml:9:28 `db`",
            "apps/orders-api/score.yaml:10:38 `db`",
            "apps/orders-api/score.yaml:10:59 `db`"
        ]
    );
}

#[test]
fn renaming_a_resource_rewrites_its_key_and_every_placeholder() {
    let f = Fixture::new(&ORDERS.replace("  db:\n", "  d$0b:\n"));
    let at = f.cursor();
    let edits = rename(&f.ws, at.file, at.offset, "orders-db").expect("a valid name");
    assert_eq!(
        apply(f.text(at.file), &edits),
        ORDERS
            .split_once("score.yaml\n")
            .unwrap()
            .1
            .replace("resources.db.", "resources.orders-db.")
            .replace("  db:\n", "  orders-db:\n")
    );
    assert!(rename(&f.ws, at.file, at.offset, "orders.db").is_err());
}

#[test]
fn a_resource_type_leads_to_the_providers_that_claim_it() {
    let f = Fixture::new(&format!(
        "{PROVIDERS}{}
//- apps/billing/score.yaml
apiVersion: score.dev/v1b1
metadata:
  name: billing
containers:
  main:
    image: nginx
resources:
  ledger:
    type: postgres
",
        ORDERS.replace("type: postgres", "type: post$0gres")
    ));
    assert_eq!(
        f.show_all(&definitions(&f)),
        [
            "providers/database-team/provider.yaml:7:13 `postgres`",
            "providers/database-team/provider.yaml:14:17 `postgres`"
        ]
    );
    assert_eq!(
        f.show_all(&uses(&f, false)),
        [
            "apps/orders-api/score.yaml:14:11 `postgres`",
            "apps/billing/score.yaml:9:11 `postgres`"
        ]
    );
}

/// Golden paths, two of them running the same workflow, one a file that is not there.
const GOLDEN_PATHS: &str = "
//- goldenpaths.yaml
goldenpaths:
  deploy-app:
    workflow: ./workflows/deploy-app.yaml
  ephemeral-env:
    workflow: ./workflows/ephemeral-env.yaml
  redeploy:
    workflow: ./workflows/deploy-app.yaml
//- workflows/deploy-app.yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: deploy-app
spec:
  steps:
    - name: roll-out
      type: policy
";

#[test]
fn a_golden_path_leads_to_its_workflow_file() {
    let f = Fixture::new(&GOLDEN_PATHS.replace("  deploy-app:", "  deploy-a$0pp:"));
    assert_eq!(
        f.show_all(&definitions(&f)),
        ["workflows/deploy-app.yaml:1:1"]
    );
    // From the `workflow` value too, to where the file would be.
    let f = Fixture::new(&GOLDEN_PATHS.replace("ephemeral-env.yaml", "ephemeral-en$0v.yaml"));
    assert_eq!(
        f.show_all(&definitions(&f)),
        ["workflows/ephemeral-env.yaml (not in the fixture)"]
    );
}

#[test]
fn a_golden_path_workflow_s_name_leads_to_the_golden_paths_that_run_it() {
    let f = Fixture::new(&GOLDEN_PATHS.replace("name: deploy-app", "name: deploy-a$0pp"));
    assert_eq!(
        f.show_all(&uses(&f, false)),
        [
            "goldenpaths.yaml:3:15 `./workflows/deploy-app.yaml`",
            "goldenpaths.yaml:7:15 `./workflows/deploy-app.yaml`"
        ]
    );
}

#[test]
fn an_alias_points_at_its_anchor() {
    let f = Fixture::new(
        "
        steps:
          - name: a
            type: policy
            config: &shared
              script: echo
          - name: b
            type: policy
            config: *sh$0ared
        ",
    );
    let defs = definitions(&f);
    assert_eq!(f.show_all(&defs), ["file.yaml:4:13 `&shared`"]);
    let (file, offset) = from(&f, &defs[0]);
    assert_eq!(
        f.show_all(&references(&f.ws, file, offset, false)),
        ["file.yaml:8:13 `*shared`"]
    );
}
