//! The one integration-test binary: one module per area.

mod batch;
mod check;
