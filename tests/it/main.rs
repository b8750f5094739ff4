//! The one integration-test binary (STYLE.md, after uv's `tests/it/`): one module per area.

mod triggers;
