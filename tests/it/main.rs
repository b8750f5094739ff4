mod export;
mod fake_zendesk;

fn main() {}
