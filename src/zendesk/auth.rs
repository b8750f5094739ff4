//! How requests authenticate: an OAuth token or a Support API token, held as a [`Secret`]
//! from the moment it is read, so that it never reaches a log line, an error or a file.

use base64::Engine as _;

use crate::secret::Secret;

/// How requests authenticate. Both forms hold the token as a [`Secret`].
#[derive(Clone, Debug)]
pub enum Auth {
    /// `Authorization: Bearer TOKEN` (a Chat or Support OAuth token).
    Bearer(Secret),
    /// `Authorization: Basic base64(EMAIL/token:TOKEN)` (a Support API token).
    ApiToken { email: String, token: Secret },
}

impl Auth {
    /// The `Authorization` header value. It is a secret too: the caller marks the header
    /// sensitive so that no HTTP library logs it.
    pub fn header_value(&self) -> Secret {
        match self {
            Auth::Bearer(t) => Secret::new(format!("Bearer {}", t.expose())),
            Auth::ApiToken { email, token } => {
                let raw = format!("{email}/token:{}", token.expose());
                Secret::new(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(raw)))
            }
        }
    }

    /// Every string that must never be shown: the token and its encoded header forms.
    pub fn forbidden_strings(&self) -> Vec<String> {
        let mut v = Vec::new();
        match self {
            Auth::Bearer(t) => v.push(t.expose().to_owned()),
            Auth::ApiToken { token, .. } => v.push(token.expose().to_owned()),
        }
        let header = self.header_value();
        if let Some((_, encoded)) = header.expose().split_once(' ') {
            v.push(encoded.to_owned());
        }
        v.retain(|s| s.len() >= 4);
        v
    }

    /// For narration: which kind of credential, never its value.
    pub fn describe(&self) -> String {
        match self {
            Auth::Bearer(_) => "an OAuth token".to_owned(),
            Auth::ApiToken { email, .. } => format!("the API token of {email}"),
        }
    }
}
