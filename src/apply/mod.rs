//! `migrate apply`: create the plan's Support-side objects, safely.
//!
//! Read the live account → [`changeset`] (pure: what to create, what is already there, what
//! conflicts, what is left to a person) → confirm → write each call with the [`journal`]
//! written before and completed after, each created object carrying its [`marker`] →
//! [`undo`] deletes only what the journal says this tool created and nobody changed since.

pub mod calls;
pub mod changeset;
pub mod journal;
pub mod live;
pub mod marker;
pub mod remote;
pub mod run;
pub mod undo;

#[cfg(test)]
mod tests;
