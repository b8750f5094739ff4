//! `migrate answer`: the four facts that decide the segment (D-5: operating hours, pre-chat
//! form, offline form, visitor authentication) are exactly the ones no Chat API gives
//! (chat-api.md §5). Rather than have the admin edit JSON, they are asked (or given by
//! flags or an answers file) and written as the normal files of export-format.md.
//!
//! This module is the part without a terminal: [`week`] and [`words`] read what a person
//! types, [`model`] puts the answers together with what the export already knows,
//! [`file`] reads the answers file, [`write`] writes the files atomically. The questions
//! themselves are in `cmd/answer.rs`.

pub(crate) mod file;
pub(crate) mod known;
pub(crate) mod model;
pub(crate) mod week;
pub(crate) mod words;
pub(crate) mod write;

pub(crate) use model::{Answers, Given, GivenForm, KnownDefaults, Refused, ScheduleScope, resolve};
