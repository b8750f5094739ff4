//! `migrate answer` on a real pseudo-terminal (rexpect): the questions come one at a time
//! with where to look, a bad answer is asked again with what was expected, and the answers
//! land in the files `migrate plan` reads (issue 14). Unix only: rexpect drives a pty.

#![cfg(unix)]

use migrate::account::facts::Origin;
use migrate::plan::{FeatureState, Segment};
use rexpect::session::{PtySession, spawn_command};

use crate::answer::{exported, snapshot};
use crate::common::plan_dir;

fn spawn(dir: &std::path::Path) -> PtySession {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_migrate"));
    cmd.arg("answer").arg(dir).env("NO_COLOR", "1").env("TERM", "xterm").env_remove("RUST_LOG");
    spawn_command(cmd, Some(20_000)).unwrap()
}

/// The exit code, from nix's `WaitStatus` (which rexpect does not re-export): `Exited(pid,
/// code)`; `None` when killed by a signal.
fn exit_code(p: &mut PtySession) -> Option<i32> {
    let status = format!("{:?}", p.process_mut().wait().unwrap());
    status.strip_prefix("Exited(")?.rsplit_once(", ")?.1.strip_suffix(')')?.parse().ok()
}

#[test]
fn the_four_questions_are_asked_on_a_terminal_and_a_bad_answer_is_asked_again() {
    let acct = exported();
    let a = acct.path();
    let mut p = spawn(a);
    p.exp_string("Operating hours (1 of 5)").unwrap();
    // rexpect reads bytes as Latin-1: match the ASCII parts of "Chat dashboard › Settings › …".
    p.exp_string("Where: Chat dashboard").unwrap();
    p.exp_string("Account").unwrap();
    p.exp_string("Operating Hours").unwrap();
    p.exp_string("Are operating hours on?").unwrap();
    p.send_line("y").unwrap();
    p.exp_string("Time zone").unwrap();
    p.send_line("Europe/Mars").unwrap();
    p.exp_string("\"Europe/Mars\" is not a time zone").unwrap();
    p.send_line("Europe/Berlin").unwrap();
    // Two departments in the export: which schedule is in force is asked; Enter keeps the
    // account schedule.
    p.exp_string("Which schedule is in force?").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Hours (e.g. Mon-Fri 09:00-17:00").unwrap();
    p.send_line("Mox 09:00-17:00").unwrap();
    p.exp_string("\"Mox\" is not a day: expected Mon").unwrap();
    p.send_line("Mon-Fri 09:00-17:00, Sat 10:00-14:00").unwrap();

    p.exp_string("Pre-chat form (2 of 5)").unwrap();
    p.exp_string("Pre-Chat FormAnswer").unwrap();
    p.exp_string("Is the pre-chat form on?").unwrap();
    p.send_line("n").unwrap();

    p.exp_string("Offline form (3 of 5)").unwrap();
    p.exp_string("Is the offline form on?").unwrap();
    p.send_line("y").unwrap();
    p.exp_string("Greeting").unwrap();
    p.send_line("We are away").unwrap();
    p.exp_string("Fields").unwrap();
    p.send_line("name*, email*, adress").unwrap();
    p.exp_string("\"adress\" is not a Chat form field").unwrap();
    p.send_line("name*, email*, message*").unwrap();
    p.exp_string("Does the offline form show the operating hours?").unwrap();
    p.send_line("n").unwrap();

    p.exp_string("Visitor authentication (4 of 5)").unwrap();
    p.exp_string("the shared secret is not needed and is never asked for").unwrap();
    p.exp_string("Is visitor authentication on?").unwrap();
    p.send_line("n").unwrap();
    // Issue 18: the fifth question, enrolment; Enter keeps "I don't know".
    p.exp_string("Did the account get Zendesk's migration email").unwrap();
    p.send_line("").unwrap();

    p.exp_string("operating hours on (Europe/Berlin, Mon-Fri 09:00-17:00, Sat 10:00-14:00)").unwrap();
    p.exp_string("Write these answers?").unwrap();
    p.send_line("y").unwrap();
    p.exp_string("wrote chat/widget.json and chat/operating_hours.json").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&mut p), Some(0));

    let plan = plan_dir(a);
    assert_eq!(plan.classification.segment, Segment::Segment2);
    let f = &plan.classification.evidence.features;
    assert_eq!((f.operating_hours.state, f.operating_hours.origin), (FeatureState::Used, Some(Origin::Admin)));
    assert_eq!((f.pre_chat_form.state, f.pre_chat_form.origin), (FeatureState::NotUsed, Some(Origin::Admin)));
    assert_eq!((f.offline_form.state, f.offline_form.origin), (FeatureState::Used, Some(Origin::Admin)));
    assert_eq!(f.visitor_authentication.state, FeatureState::NotUsed);
}

#[test]
fn ctrl_c_at_a_question_writes_nothing() {
    let acct = exported();
    let a = acct.path();
    let before = snapshot(a);
    let mut p = spawn(a);
    p.exp_string("Are operating hours on?").unwrap();
    p.send_line("n").unwrap();
    p.exp_string("Is the pre-chat form on?").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&mut p), Some(130), "an interrupted answer exits 130");
    assert_eq!(snapshot(a), before, "nothing is written");
}

/// After `migrate export` on a terminal, the four facts are asked right away (issue 14):
/// export against the local Zendesk stand-in, answer in the pseudo-terminal, and the next
/// plan decides the segment.
#[tokio::test(flavor = "multi_thread")]
async fn export_on_a_terminal_asks_the_four_facts_then_plan_decides() {
    use crate::fake_zendesk::{Account, Fake, Options};
    let token = "pty-export-token-5d1e";
    let fake = Fake::start(Account::synthetic(2, 0, 0, 1), Options::bearer(token)).await;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("acme");
    let config = tmp.path().join("none.toml");
    std::fs::write(&config, "").unwrap();
    let (uri, o) = (fake.uri(), out.clone());
    tokio::task::spawn_blocking(move || {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_migrate"));
        cmd.args(["export", "--subdomain", "acme", "--base-url", &uri, "--no-chats"])
            .arg("--out")
            .arg(&o)
            .arg("--config")
            .arg(&config)
            .args(["--chat-rate", "600000", "--support-rate", "600000", "--incremental-rate", "600000"])
            .env("ZENDESK_OAUTH_TOKEN", token)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env_remove("ZENDESK_SUBDOMAIN")
            .env_remove("RUST_LOG");
        let mut p = spawn_command(cmd, Some(30_000)).unwrap();
        p.exp_string("exported into").unwrap();
        p.exp_string("Four facts decide the segment").unwrap();
        p.exp_string("Are operating hours on?").unwrap();
        p.send_line("n").unwrap();
        p.exp_string("Is the pre-chat form on?").unwrap();
        p.send_line("y").unwrap();
        p.exp_string("Greeting").unwrap();
        p.send_line("Hello").unwrap();
        p.exp_string("Fields").unwrap();
        p.send_line("name*, email*").unwrap();
        p.exp_string("Is the offline form on?").unwrap();
        p.send_line("n").unwrap();
        p.exp_string("Is visitor authentication on?").unwrap();
        p.send_line("n").unwrap();
        p.exp_string("Did the account get Zendesk's migration email").unwrap();
        p.send_line("").unwrap();
        p.exp_string("Write these answers?").unwrap();
        p.send_line("y").unwrap();
        p.exp_string("wrote chat/widget.json and chat/operating_hours.json").unwrap();
        p.exp_eof().unwrap();
        assert_eq!(exit_code(&mut p), Some(0));
    })
    .await
    .unwrap();
    let plan = plan_dir(&out);
    // Active (12 chat tickets), one brand, the pre-chat form on: segment 2 (D-5).
    assert_eq!(plan.classification.segment, Segment::Segment2);
    let f = &plan.classification.evidence.features;
    assert_eq!((f.pre_chat_form.state, f.pre_chat_form.origin), (FeatureState::Used, Some(Origin::Admin)));
    assert_eq!((f.operating_hours.state, f.operating_hours.origin), (FeatureState::NotUsed, Some(Origin::Admin)));
    let aw = plan.account.facts.iter().find(|x| x.fact == "agent_workspace").unwrap();
    assert_eq!(aw.origin, Some(Origin::Api));
}

/// What the export knows is the default: offline messages in the chat history make "on"
/// the offline form's default answer, which Enter accepts.
#[test]
fn offline_messages_in_the_history_make_on_the_offline_default() {
    let acct = exported();
    let a = acct.path();
    std::fs::write(
        a.join("chat/chats.jsonl"),
        "{\"id\": \"2610.1.a\", \"type\": \"offline_msg\", \"timestamp\": \"2026-10-20T10:00:00Z\", \"message\": \"Call me\"}\n\
         {\"id\": \"2610.1.b\", \"type\": \"chat\", \"timestamp\": \"2026-10-21T10:00:00Z\", \"zendesk_ticket_id\": 7}\n",
    )
    .unwrap();
    let mut p = spawn(a);
    p.exp_string("Are operating hours on?").unwrap();
    p.send_line("n").unwrap();
    p.exp_string("Is the pre-chat form on?").unwrap();
    p.send_line("n").unwrap();
    p.exp_string("The exported chat history holds 1 offline message(s)").unwrap();
    p.exp_string("Is the offline form on? [Y/n]").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Greeting").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Fields").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Does the offline form show the operating hours?").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Is visitor authentication on?").unwrap();
    p.send_line("n").unwrap();
    // Issue 18: the fifth question, enrolment; Enter keeps "I don't know".
    p.exp_string("Did the account get Zendesk's migration email").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Write these answers?").unwrap();
    p.send_line("").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&mut p), Some(0));
    let widget: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(a.join("chat/widget.json")).unwrap()).unwrap();
    assert_eq!(widget["offline_form"]["enabled"], true);
    assert_eq!(widget["offline_form"]["fields"][2], serde_json::json!({"name": "message", "required": true}));
}
