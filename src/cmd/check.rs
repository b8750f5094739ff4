//! `migrate check FIXTURES_DIR [--bless]`: plan each fixture and compare it with its
//! `expect.toml` (see [`crate::check`]). Results are data, so they go to stdout; the exit
//! code merges the fixtures' verdicts (worst wins).

use anyhow::Result;

use crate::check::{self, Verdict};
use crate::cli::CheckArgs;
use crate::error::{InputError, InputErrorKind};
use crate::exit_codes::ExitCode;
use crate::printer::{Printer, print_stdout};

pub fn run(args: &CheckArgs, ui: &Printer) -> Result<ExitCode> {
    let dirs = check::fixtures(&args.fixtures)?;
    if dirs.is_empty() {
        return Err(InputError::new(&args.fixtures, InputErrorKind::NotAnAccount("no fixture folders in it".into()))
            .with_hint("each fixture is a folder holding manifest.toml and, optionally, expect.toml")
            .into());
    }
    let mut code = ExitCode::Success;
    let (mut passed, mut failed, mut blessed) = (0usize, 0usize, 0usize);
    for dir in &dirs {
        let checked = check::check(dir, args.bless)?;
        code = code.merge(checked.verdict.code());
        let ok = matches!(checked.verdict, Verdict::Passed { .. });
        if ok {
            passed += 1;
        } else {
            failed += 1;
        }
        blessed += usize::from(checked.blessed);
        if !(ok && ui.is_quiet() && !checked.blessed) {
            print_stdout(&check::render(&checked, ui.color_stdout()))?;
        }
    }
    if args.bless {
        print_stdout(&format!("bless: {} fixtures, {blessed} expect.toml rewritten\n", dirs.len()))?;
    } else {
        print_stdout(&format!("check: {passed} passed, {failed} failed\n"))?;
    }
    Ok(code)
}
