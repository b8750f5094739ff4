//! `migrate scan-site PATH…`: scan a site's code for Classic widget and Chat API uses
//! (issue 12), report them, store them in an account for the plan, or print the patch.

use anyhow::{Context as _, Result};

use crate::cli::{ScanFormat, ScanSiteArgs};
use crate::error::UsageError;
use crate::exit_codes::ExitCode;
use crate::output;
use crate::printer::{Printer, print_stdout};
// The one door for untrusted text on a terminal line (narration, errors).
use crate::scan::{patch, report, walk};
use crate::text::display::terminal_line;

/// Where the scan is stored in an account (docs/export-format.md).
pub const STORED: &str = "chat/site_scan.json";

pub fn run(args: &ScanSiteArgs, ui: &Printer, verbose: u8) -> Result<ExitCode> {
    for p in &args.paths {
        if std::fs::symlink_metadata(p).is_err() {
            return Err(UsageError::new(format!("{}: no such file or folder", terminal_line(&p.to_string_lossy())))
                .with_hint("pass the folders of the site's source code")
                .into());
        }
    }
    if let Some(dir) = &args.account
        && !dir.join("manifest.toml").is_file()
    {
        return Err(UsageError::new(format!(
            "--account {}: not an exported account (no manifest.toml)",
            terminal_line(&dir.to_string_lossy())
        ))
        .with_hint("pass the account directory written by `migrate export`")
        .into());
    }
    let settings = walk::Settings {
        roots: args.paths.clone(),
        hidden: args.hidden,
        no_ignore: args.no_ignore,
        include_vendored: args.include_vendored,
        follow: args.follow,
        threads: args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from)),
        max_file_size: args.max_file_size.saturating_mul(1_000_000),
    };
    let scan = walk::run(&settings);
    let roots: Vec<String> = args.paths.iter().map(|p| p.to_string_lossy().into_owned()).collect();

    if let Some(dir) = &args.account {
        let json = report::json(&scan, &roots);
        output::write_file(&dir.join(STORED), json.as_bytes())
            .with_context(|| format!("cannot store the scan in {}", terminal_line(&dir.to_string_lossy())))?;
        ui.info(&format!(
            "stored the scan in {} (`migrate plan` lists it)",
            terminal_line(&dir.join(STORED).to_string_lossy())
        ));
    }
    if args.patch {
        let (diff, stale) = patch::diff(&scan.findings);
        for f in stale {
            ui.info(&format!(
                "warning: {} changed or cannot be read since the scan; no patch for it",
                terminal_line(&f)
            ));
        }
        print_stdout(&diff)?;
    } else {
        match args.format {
            ScanFormat::Text => print_stdout(&report::text(&scan, verbose > 0))?,
            ScanFormat::Json => print_stdout(&report::json(&scan, &roots))?,
            ScanFormat::Sarif => print_stdout(&report::sarif(&scan))?,
        }
    }
    if args.format != ScanFormat::Text || args.patch {
        ui.info(&report::summary_line(&scan));
    }
    if verbose > 0 && (args.format != ScanFormat::Text || args.patch) {
        for s in scan.skipped.iter().chain(&scan.warnings) {
            ui.info(&format!("  {}  {}", terminal_line(&s.file), terminal_line(&s.reason)));
        }
    }
    Ok(if args.check && report::needs_change(&scan) > 0 { ExitCode::CheckFailed } else { ExitCode::Success })
}
