//! The `migrate` binary: parse, set up logging, run, exit. Everything else is in the
//! library so that tests can call it.

use clap::Parser;

// A batch plans thousands of accounts, each a burst of small allocations (JSON values,
// strings, plan items) freed at once; glibc's malloc spent about a third of the user time
// there (docs/batch.md, "Benchmark"). mimalloc is a well-kept drop-in for that pattern.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use tracing_subscriber::EnvFilter;

fn main() -> std::process::ExitCode {
    let cli = migrate::cli::Cli::parse();
    let default = match (cli.quiet, cli.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    // Logs follow --color like every other output: no ANSI with --color never, NO_COLOR or
    // a stderr that is not a terminal (issue 11).
    let color = migrate::cmd::printer(&cli).color_stderr();
    migrate::progress::set_log_color(color);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(migrate::progress::LogEvents)
        .with_ansi(color)
        .with_target(false)
        .init();
    migrate::cmd::run(cli).into()
}
