//! The key path at the cursor, read from the text alone (`cursor::at_text`).

use crate::ide::cursor::{at_text, Seg};
use crate::ide::fixture::Fixture;

/// The text cursor at `$0`: its path (`[]` for a list item), what is typed there, the word
/// a completion replaces, the keys beside it and the column a key typed there starts at.
fn cursor(fixture: &str) -> String {
    let f = Fixture::new(fixture);
    let at = f.cursor();
    let c = at_text(f.text(at.file), at.offset);
    let path: Vec<&str> = c
        .path
        .iter()
        .map(|s| match s {
            Seg::Key(k) => k.as_str(),
            Seg::Item => "[]",
        })
        .collect();
    format!(
        "{} {:?} typed `{}` replaces `{}` siblings {:?} column {}",
        path.join("."),
        c.slot,
        c.prefix,
        f.slice(at.file, c.replace),
        c.siblings,
        c.key_column
    )
}

#[test]
fn a_half_typed_step_key_is_a_key_of_the_step_beside_the_keys_above_it() {
    let c = cursor(
        "
        steps:
          - name: a
            type: policy
            dep$0",
    );
    assert_eq!(
        c,
        r#"steps.[] Key typed `dep` replaces `dep` siblings ["type", "name"] column 4"#
    );
}

#[test]
fn keys_below_the_cursor_are_siblings_too_and_the_whole_word_is_replaced() {
    let c = cursor(
        "
        steps:
          - name: a
            de$0pe
            when: always
          - name: b
        ",
    );
    assert_eq!(
        c,
        r#"steps.[] Key typed `de` replaces `depe` siblings ["name", "when"] column 4"#
    );
}

#[test]
fn an_open_flow_list_is_a_value_of_an_item_of_its_key() {
    let c = cursor(
        "
        spec:
          steps:
            - name: a
              dependsOn: [b, $0",
    );
    assert_eq!(
        c,
        r#"spec.steps.[].dependsOn.[] Value typed `` replaces `` siblings ["name"] column 6"#
    );
}

#[test]
fn a_line_inside_a_block_scalar_is_its_text() {
    let c = cursor(
        "
        steps:
          - config:
              script: |
                echo hi
                ech$0",
    );
    assert_eq!(
        c,
        "steps.[].config.script BlockText typed `ech` replaces `ech` siblings [] column 8"
    );
}
