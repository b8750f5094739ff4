//! `migrate verify`: after activation, check the live account against the plan.
//!
//! [`live::needs`] says which Support lists a plan's checks read; [`read`] reads them (GET
//! only, through the one Zendesk client); [`checks::check`] compares, item by item and step
//! by step, through [`crate::reconcile`] (pure); [`report`] is the result and its JSON
//! contract; [`render`] prints it for a person.

pub mod checks;
pub mod live;
pub mod read;
pub mod render;
pub mod report;

pub use checks::check;
pub use live::{Live, Read, Resource, needs};
pub use report::{Check, CheckKind, Report, Status, Summary, Unknown};
