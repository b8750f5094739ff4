//! Visitor authentication → messaging end-user authentication (mapping.md §7, K12, K13,
//! K26).
//!
//! Nothing carries over: messaging signs with its own key (a key ID in the JWT header,
//! `kid`), requires `scope: "user"` and `external_id`, and logs in with
//! `zE('messenger', 'loginUser', …)` instead of `jwtFn`. The Chat shared secret is read
//! only to know that authentication is set up; it is never written anywhere.

use super::{Context, item};
use crate::plan::payload::{Claim, ClientCode, JwtPayload, Payload};
use crate::plan::{FeatureState, Outcome, Section};
use crate::steps::{Need, StepId};

const FILE: &str = "chat/widget.json";

pub fn payload() -> JwtPayload {
    JwtPayload {
        signing_key: "Create a key in Admin Center > Account > Security > End user authentication > Messaging; its key ID goes in the JWT header (kid) and its secret stays on your server. The Chat shared secret is not reused.".into(),
        header: serde_json::json!({"alg": "HS256", "typ": "JWT", "kid": "<key ID from Admin Center>"}),
        claims: vec![
            Claim {
                claim: "external_id".into(),
                chat: "required: your user id".into(),
                messaging: "required: the same id (≤255 characters, unique across all brands, never changes)".into(),
            },
            Claim { claim: "scope".into(), chat: "absent".into(), messaging: "required: \"user\"".into() },
            Claim { claim: "name".into(), chat: "required".into(), messaging: "optional".into() },
            Claim {
                claim: "email".into(),
                chat: "required".into(),
                messaging: "optional; with email identities also send email_verified".into(),
            },
            Claim {
                claim: "email_verified".into(),
                chat: "absent".into(),
                messaging: "send true for addresses you verified (login is refused if the email belongs to another external_id)".into(),
            },
            Claim {
                claim: "iat / exp".into(),
                chat: "iat required (≤2 min skew), exp ≤7 min after iat".into(),
                messaging: "keep tokens short-lived".into(),
            },
        ],
        client: ClientCode {
            chat: "window.zESettings = { webWidget: { authenticate: { chat: { jwtFn: function (callback) { fetchJwt().then(callback); } } } } };".into(),
            messaging: "zE('messenger', 'loginUser', function (callback) { fetchJwt().then(callback); });\n// on sign-out:\nzE('messenger', 'logoutUser');".into(),
        },
    }
}

pub fn translate(ctx: &mut Context) {
    let feature = ctx.classification.evidence.features.visitor_authentication.clone();
    let source = format!("{FILE}#visitor_authentication");
    match feature.state {
        FeatureState::Unknown => {
            if ctx.account.chat.widget.is_some() {
                ctx.undecided(
                    "visitor_authentication",
                    &[FILE],
                    "chat/widget.json has no visitor_authentication: authentication steps are not planned",
                );
            }
        }
        FeatureState::NotUsed => ctx.item(item(
            Section::Authentication,
            source,
            "No messaging end-user authentication",
            Outcome::Translated,
            "Off in Chat: messaging visitors stay anonymous too.",
            &["K12", "K13"],
        )),
        FeatureState::Used => {
            let mut it = item(
                Section::Authentication,
                source.clone(),
                "Messaging end-user authentication with a JWT (Admin Center > Account > Security > End user authentication > Messaging)",
                Outcome::Manual,
                "The Chat shared secret and jwtFn do not carry over: messaging needs its own signing key, a JWT with kid, scope and external_id, and the loginUser call.",
                &["K12", "K13", "K26", "K22"],
            );
            it.payload = Some(Payload::Jwt(payload()));
            it.notes.push("Optional: help center authentication for messaging lets the widget take the signed-in help center user's identity (K24).".into());
            ctx.item(it);
            ctx.need(
                Need::new(StepId::CreateMessagingSigningKey, "Chat visitor authentication is on.")
                    .source(source.clone()),
            );
            ctx.need(
                Need::new(
                    StepId::UpdateJwtLoginCode,
                    "Chat visitor authentication is on; its JWT and jwtFn stop working with messaging.",
                )
                .source(source),
            );
        }
    }
}
