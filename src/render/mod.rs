//! Everything a plan is printed as. Renderers take the plan and a few presentation
//! choices (colour); they never decide anything and never touch the terminal or files.

pub mod json;
pub mod markdown;
pub mod text;

use crate::refs::Ref;

/// `[D-4, K9]`
pub fn ref_ids(refs: &[Ref]) -> String {
    if refs.is_empty() {
        return String::new();
    }
    format!("[{}]", refs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", "))
}

/// How a step's date reads: before-activation steps are due by it; the others can start on it
/// (`docs/plan-format.md`, `due`).
pub fn due_label(step: &crate::plan::Step) -> Option<String> {
    let d = step.due.as_deref()?;
    Some(match step.phase {
        crate::plan::Phase::BeforeActivation => format!("by {d}"),
        _ => format!("from {d}"),
    })
}

// Plan text for the text output: one line (`prose`), or lines where the text is ours
// (`prose_lines`); Markdown uses `md_inline`/`md_code`. One sanitiser for every medium
// (issue 11): crate::text::display.
pub use crate::text::display::{md_code, md_inline, prose as inline, prose_lines as lines};
