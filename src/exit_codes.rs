//! Exit codes: one typed enum, one conversion, and one merge rule for commands that handle
//! many accounts (worst wins).

use crate::error::{InputError, UsageError};

/// What `migrate` exits with. Documented in `--help` and the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExitCode {
    /// Everything was planned (or checked, or exported).
    Success,
    /// `migrate check`: a plan no longer matches its fixture's `expect.toml`; `migrate scan-site
    /// --check`: a widget API use still needs a change on the site; `migrate verify`: a check
    /// failed; `migrate apply`: conflicts remain.
    CheckFailed,
    /// An exported account or a plan directory could not be read (bad JSON, wrong type,
    /// newer format…), or a plan was made from another export (`--account`).
    InvalidInput,
    /// The Zendesk API refused or failed (`migrate export`, `verify`, `apply`).
    Remote,
    /// Something else failed: an output could not be written, an internal error.
    Failure,
    /// The command line was wrong (clap's own exit code).
    Usage,
    /// Interrupted (Ctrl-C); finished work is kept, nothing is half-written.
    Interrupted,
}

impl ExitCode {
    pub const fn code(self) -> u8 {
        match self {
            ExitCode::Success => 0,
            ExitCode::Failure => 1,
            ExitCode::Usage => 2,
            ExitCode::InvalidInput => 3,
            ExitCode::CheckFailed => 4,
            ExitCode::Remote => 5,
            ExitCode::Interrupted => 130,
        }
    }

    /// How bad a result is, for [`ExitCode::merge`].
    const fn severity(self) -> u8 {
        match self {
            ExitCode::Success => 0,
            ExitCode::CheckFailed => 1,
            ExitCode::InvalidInput => 2,
            ExitCode::Remote => 3,
            ExitCode::Failure => 4,
            ExitCode::Usage => 5,
            ExitCode::Interrupted => 6,
        }
    }

    /// The exit code an error stands for: unreadable input (3), a refused command line (2),
    /// anything else (1).
    pub fn for_error(err: &anyhow::Error) -> ExitCode {
        if err.downcast_ref::<InputError>().is_some() {
            ExitCode::InvalidInput
        } else if err.downcast_ref::<UsageError>().is_some() {
            ExitCode::Usage
        } else {
            ExitCode::Failure
        }
    }

    /// Every code, in no particular order.
    pub const ALL: [ExitCode; 7] = [
        ExitCode::Success,
        ExitCode::Failure,
        ExitCode::Usage,
        ExitCode::InvalidInput,
        ExitCode::CheckFailed,
        ExitCode::Remote,
        ExitCode::Interrupted,
    ];

    /// The merge rule as people read it, worst first: `130 > 2 > 1 > 5 > 3 > 4 > 0` for
    /// every code, or for the codes one command can end with. Generated from
    /// [`ExitCode::merge`]'s severity so that `--help`, the README and docs/ cannot drift
    /// from it (a test compares them).
    pub fn merge_order(codes: &[ExitCode]) -> String {
        let mut v = codes.to_vec();
        v.sort_by_key(|c| std::cmp::Reverse(c.severity()));
        v.dedup();
        v.iter().map(|c| c.code().to_string()).collect::<Vec<_>>().join(" > ")
    }

    /// Combine the results of several accounts: the worst one wins.
    #[must_use]
    pub fn merge(self, other: ExitCode) -> ExitCode {
        if other.severity() > self.severity() { other } else { self }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(c: ExitCode) -> Self {
        std::process::ExitCode::from(c.code())
    }
}

/// The text `--help` and the README show.
pub const HELP: &str = "\
Exit codes:
  0    success (a plan was made; an undetermined segment is still a success)
  1    failure: an output could not be written, or an internal error
  2    usage: the command line is wrong
  3    invalid input: an exported account or a plan directory could not be read, or a plan
       is stale
  4    check failed: a plan differs from its fixture's expect.toml, scan-site --check found
       a use to change, verify found a failing check, or apply left conflicts
  5    remote: the Zendesk API refused or failed (export, verify, apply)
  130  interrupted
When several accounts are handled, the worst result wins (130 > 2 > 1 > 5 > 3 > 4 > 0).";

#[cfg(test)]
mod tests {
    use super::ExitCode::*;

    #[test]
    fn help_states_the_merge_order_as_implemented() {
        assert_eq!(super::ExitCode::merge_order(&super::ExitCode::ALL), "130 > 2 > 1 > 5 > 3 > 4 > 0");
        assert!(super::HELP.contains(&format!("({})", super::ExitCode::merge_order(&super::ExitCode::ALL))));
    }

    #[test]
    fn worst_wins_in_any_order() {
        let all = [Success, CheckFailed, InvalidInput, Remote, Failure, Usage, Interrupted];
        for (i, a) in all.iter().enumerate() {
            for (j, b) in all.iter().enumerate() {
                let m = a.merge(*b);
                assert_eq!(m, b.merge(*a));
                assert_eq!(m, all[i.max(j)]);
            }
        }
        assert_eq!(
            [Success, InvalidInput, CheckFailed].into_iter().fold(Success, super::ExitCode::merge),
            InvalidInput
        );
    }
}
