//! `--step`: pauses before each step that would run and asks the terminal what to do.
//! Prompts go to standard error so that standard output stays the report.

use innominatus_engine::plan::{Directive, Pause, Stepper};
use std::io::{BufRead, Write};

pub struct TerminalStepper<'a> {
    input: &'a mut dyn BufRead,
    prompt: &'a mut dyn Write,
    /// Standard input ended: run the rest without asking.
    finished: bool,
}

impl<'a> TerminalStepper<'a> {
    pub fn new(input: &'a mut dyn BufRead, prompt: &'a mut dyn Write) -> Self {
        TerminalStepper {
            input,
            prompt,
            finished: false,
        }
    }

    fn show(&mut self, p: &Pause<'_>, full: bool) -> std::io::Result<()> {
        let w = &mut self.prompt;
        let s = p.step;
        writeln!(
            w,
            "\n── step {}/{}: {} [{}] ({})",
            p.position + 1,
            p.total,
            s.name,
            s.step_type,
            p.group_label
        )?;
        let mut inputs: Vec<String> = s
            .fields
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "name" | "type"))
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        inputs.extend(
            s.config
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "script" | "manifest"))
                .map(|(k, v)| format!("config.{k}={v}")),
        );
        inputs.extend(s.depends_on.iter().map(|d| format!("dependsOn {d}")));
        if !inputs.is_empty() {
            writeln!(w, "inputs: {}", inputs.join(", "))?;
        }
        if let Some((field, r)) = &p.preview.rendered {
            let lines: Vec<&str> = r.text.lines().collect();
            let shown = if full {
                lines.len()
            } else {
                lines.len().min(12)
            };
            let unresolved = if r.unresolved.is_empty() {
                String::new()
            } else {
                format!(" (unresolved: {})", r.unresolved.join(", "))
            };
            writeln!(w, "rendered {field}{unresolved}:")?;
            for l in &lines[..shown] {
                writeln!(w, "  | {l}")?;
            }
            if shown < lines.len() {
                writeln!(
                    w,
                    "  | … {} more lines (inspect shows all)",
                    lines.len() - shown
                )?;
            }
        }
        for e in &p.preview.effects {
            writeln!(w, "would: {e}")?;
        }
        if let Some(reason) = &p.preview.reason {
            writeln!(w, "scenario: {} ({reason})", p.preview.status.name())?;
        }
        let vars: Vec<String> = p
            .variables
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        if full {
            writeln!(w, "variables in scope:")?;
            for v in &vars {
                writeln!(w, "  {v}")?;
            }
            for (step, outputs) in p.step_outputs {
                for (k, v) in outputs {
                    writeln!(w, "  {step}.{k}={v}")?;
                }
            }
        } else {
            writeln!(w, "variables in scope: {}", vars.join(", "))?;
        }
        Ok(())
    }
}

impl Stepper for TerminalStepper<'_> {
    fn before_step(&mut self, pause: &Pause<'_>) -> Directive {
        if self.finished {
            return Directive::Continue;
        }
        let _ = self.show(pause, false);
        loop {
            let _ = write!(
                self.prompt,
                "[c]ontinue, [s]kip, [f]ail, [i]nspect, [q]uit > "
            );
            let _ = self.prompt.flush();
            let mut line = String::new();
            match self.input.read_line(&mut line) {
                Ok(0) | Err(_) => {
                    let _ = writeln!(self.prompt, "\n(end of input: running the remaining steps)");
                    self.finished = true;
                    return Directive::Continue;
                }
                Ok(_) => {}
            }
            let _ = writeln!(self.prompt);
            match line.trim().to_ascii_lowercase().as_str() {
                "" | "c" | "continue" => return Directive::Continue,
                "s" | "skip" => return Directive::Skip,
                "f" | "fail" => return Directive::Fail,
                "q" | "quit" => return Directive::Quit,
                "i" | "inspect" => {
                    let _ = self.show(pause, true);
                }
                other => {
                    let _ = writeln!(
                        self.prompt,
                        "unknown answer `{other}`: type continue, skip, fail, inspect or quit"
                    );
                }
            }
        }
    }
}
