//! Whole outputs of a few small fixtures, reviewed by a person when they change
//! (`cargo insta review`): the text plan a segment-1 admin reads, the short plan of an
//! inactive account, and the JSON contract of one feature. Nothing in them is volatile, so
//! no redaction is needed.

use crate::common::{fixture, plan_dir};

#[test]
fn segment_1_text_plan() {
    let plan = plan_dir(&fixture("segment-1"));
    insta::assert_snapshot!(migrate::render::terminal::render(&plan, false));
}

#[test]
fn inactive_setup_guide() {
    let plan = plan_dir(&fixture("inactive"));
    insta::assert_snapshot!(migrate::render::markdown::render(&plan));
}

#[test]
fn operating_hours_json_plan() {
    let plan = plan_dir(&fixture("feature-operating-hours"));
    insta::assert_snapshot!(migrate::render::json::plan(&plan));
}
