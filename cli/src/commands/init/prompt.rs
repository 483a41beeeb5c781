//! The questions `init` asks on a terminal when no `--template` was given.

use super::templates::{Template, TEMPLATES};
use std::io::{BufRead, Write};

/// Asks for the template (by number or name) and, when it takes one, the name.
/// `None` when the input ends (Ctrl-D) before the answers are complete.
pub fn ask(
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    name: Option<&str>,
) -> std::io::Result<Option<(&'static Template, String)>> {
    writeln!(out, "What do you want to create?")?;
    for (i, t) in TEMPLATES.iter().enumerate() {
        writeln!(out, "  {}) {:<14} {}", i + 1, t.name, t.summary)?;
    }
    let template = loop {
        let Some(answer) = read_answer(input, out, "Template [1]: ")? else {
            return Ok(None);
        };
        let chosen = if answer.is_empty() {
            TEMPLATES.first()
        } else if let Ok(n) = answer.parse::<usize>() {
            n.checked_sub(1).and_then(|i| TEMPLATES.get(i))
        } else {
            super::templates::find(&answer)
        };
        match chosen {
            Some(t) => break t,
            None => writeln!(
                out,
                "Please answer with a number from the list or a template name."
            )?,
        }
    };
    if !template.named {
        return Ok(Some((template, String::new())));
    }
    if let Some(name) = name {
        return Ok(Some((template, name.to_string())));
    }
    loop {
        let prompt = format!("Name [{}]: ", template.default_name);
        let Some(answer) = read_answer(input, out, &prompt)? else {
            return Ok(None);
        };
        let name = if answer.is_empty() {
            template.default_name.to_string()
        } else {
            answer
        };
        match super::templates::check_name(&name) {
            Ok(()) => return Ok(Some((template, name))),
            Err(why) => writeln!(out, "{why}")?,
        }
    }
}

fn read_answer(
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    prompt: &str,
) -> std::io::Result<Option<String>> {
    write!(out, "{prompt}")?;
    out.flush()?;
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(input: &str, name: Option<&str>) -> (Option<(&'static str, String)>, String) {
        let mut out = Vec::new();
        let got = ask(&mut input.as_bytes(), &mut out, name).unwrap();
        (
            got.map(|(t, n)| (t.name, n)),
            String::from_utf8(out).unwrap(),
        )
    }

    #[test]
    fn template_by_number_or_name_then_the_name() {
        let (got, shown) = answers("2\ncache\n", None);
        assert_eq!(got, Some(("provider", "cache".to_string())));
        assert!(shown.contains("  2) provider"), "{shown}");
        assert!(shown.ends_with("Name [my-resource]: "), "{shown}");
        let (got, _) = answers("golden-path\n\n", None);
        assert_eq!(got, Some(("golden-path", "my-golden-path".to_string())));
    }

    #[test]
    fn defaults_retries_and_end_of_input() {
        // Enter takes the first template and its default name.
        assert_eq!(
            answers("\n\n", None).0,
            Some(("score", "my-app".to_string()))
        );
        // A wrong answer is asked again; a bad name too.
        let (got, shown) = answers("9\nscore\nBad Name\nshop\n", None);
        assert_eq!(got, Some(("score", "shop".to_string())));
        assert!(shown.contains("Please answer with a number"), "{shown}");
        assert!(shown.contains("`Bad Name` is not a valid name"), "{shown}");
        // --name given: only the template is asked; the config takes no name.
        assert_eq!(
            answers("1\n", Some("web")).0,
            Some(("score", "web".to_string()))
        );
        assert_eq!(answers("config\n", None).0, Some(("config", String::new())));
        // Ctrl-D before an answer: nothing chosen.
        assert_eq!(answers("", None).0, None);
        assert_eq!(answers("1\n", None).0, None);
    }
}
