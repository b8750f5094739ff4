//! `migrate scan-site` (issue 12) on the test site `tests/sites/shop`, written the ways
//! widget-js-api.md says real sites call the Classic widget: ready callbacks, aliases,
//! wrappers, inline attributes, server templates, comments that must not count, a
//! minified bundle. Counterparts are K22's (mapping.md §3).

use std::path::Path;

use migrate::plan::FeatureState;
use migrate::plan::StepId;
use serde_json::Value;

use crate::common::{fixture, migrate, new_account, plan_dir, root};

const SITE: &str = "tests/sites/shop";

fn scan_json(args: &[&str]) -> Value {
    let out = migrate().arg("scan-site").args(args).args(["--format", "json"]).current_dir(root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn uses(v: &Value) -> Vec<(String, u64, u64, String, Option<String>)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().trim_start_matches("tests/sites/shop/").to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["verdict"].as_str().unwrap().to_owned(),
                f["messaging"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

/// Every use of the test site, at its exact line and column (checked against the files by
/// hand), with its answer. Nothing from a comment, a log string or a `text/template` block.
#[test]
fn finds_every_use_with_its_place_and_counterpart() {
    let open = Some("zE('messenger', 'open')");
    let hide = Some("zE('messenger', 'hide')");
    let show = Some("zE('messenger', 'show')");
    let locale = Some("zE('messenger:set', 'locale', …)");
    let tags = Some("zE('messenger:set', 'conversationTags', [...])");
    let snippet = Some("<script id=\"ze-snippet\" src=\"https://static.zdassets.com/ekr/snippet.js?key=…\"></script>");
    #[rustfmt::skip]
    let expected: Vec<(&str, u64, u64, &str, Option<&str>)> = vec![
        // A minified one-line bundle: columns on the one line; the commented toggle is not a use.
        ("dist/bundle.min.js", 1, 21, "rewrite", open),
        ("dist/bundle.min.js", 1, 47, "rewrite", hide),
        ("dist/bundle.min.js", 1, 70, "rewrite", tags),
        // Code that does not parse: the calls around the broken line are still found.
        ("src/broken.js", 1, 1, "rewrite", show),
        ("src/broken.js", 3, 1, "rewrite", Some("zE('messenger', 'close')")),
        // TSX: a JSX handler, and a template literal injected as a script (__html).
        ("src/components/ChatButton.tsx", 6, 33, "rewrite", open),
        ("src/components/ChatButton.tsx", 10, 52, "rewrite", hide),
        // Vue: an @click attribute, a TypeScript script block; the commented button is not a use.
        ("src/components/Help.vue", 4, 31, "rewrite", open),
        ("src/components/Help.vue", 11, 7, "rewrite", show),
        // A wrapper plugin forwarding to window.zE; the event it forwards is dynamic.
        ("src/plugins/zendesk.js", 5, 19, "rewrite", show),
        ("src/plugins/zendesk.js", 6, 27, "no-equivalent", None),
        ("src/plugins/zendesk.js", 7, 26, "dynamic", None),
        // An Angular service.
        ("src/plugins/zendesk.service.ts", 10, 5, "rewrite", hide),
        ("src/plugins/zendesk.service.ts", 14, 5, "rewrite", locale),
        // Manipulation outside the API; the Chat Web SDK.
        ("src/risky.js", 2, 24, "risk", None),
        ("src/risky.js", 3, 3, "risk", None),
        ("src/risky.js", 4, 25, "risk", None),
        ("src/risky.js", 5, 1, "risk", None),
        ("src/risky.js", 6, 1, "risk", None),
        ("src/risky.js", 8, 1, "different-product", None),
        ("src/risky.js", 9, 1, "different-product", None),
        // zESettings keys, an updateSettings payload without its wrapper, a family left out, a typo.
        ("src/settings.js", 5, 9, "visitor-auth", Some("zE('messenger', 'loginUser', function (callback) { callback(jwt); })")),
        ("src/settings.js", 8, 13, "no-equivalent", None),
        ("src/settings.js", 8, 50, "no-equivalent", None),
        ("src/settings.js", 9, 17, "no-equivalent", None),
        ("src/settings.js", 10, 5, "rewrite", Some("zE('messenger:set', 'zIndex', …)")),
        ("src/settings.js", 12, 3, "rewrite", Some("zE('messenger:set', 'cookies', …)")),
        ("src/settings.js", 14, 37, "suspected-bug", None),
        ("src/settings.js", 15, 1, "suspected-bug", None),
        ("src/settings.js", 16, 1, "suspected-bug", None),
        // The ready callback and the pre-2018 forms; a call split across lines; bracket access.
        ("src/widget.js", 5, 1, "no-equivalent", None),
        ("src/widget.js", 6, 3, "rewrite", hide),
        ("src/widget.js", 7, 3, "no-equivalent", None),
        ("src/widget.js", 11, 3, "rewrite", open),
        ("src/widget.js", 17, 1, "rewrite", locale),
        ("src/widget.js", 18, 1, "rewrite", Some("zE('messenger:on', 'close', callback)")),
        ("src/widget.js", 19, 1, "no-equivalent", None),
        ("src/widget.js", 20, 1, "no-equivalent", None),
        ("src/widget.js", 21, 1, "rewrite", hide),
        ("src/widget.js", 22, 1, "dynamic", None),
        ("src/widget.js", 23, 1, "dynamic", None),
        ("src/widget.js", 24, 1, "rewrite", tags),
        ("src/widget.js", 25, 1, "already-messaging", None),
        ("src/widget.js", 26, 1, "already-messaging", None),
        // The Zopim loader and wrapper, an alias (`var chat = $zopim.livechat`).
        ("src/zopim.js", 5, 11, "rewrite", snippet),
        ("src/zopim.js", 9, 1, "no-equivalent", None),
        ("src/zopim.js", 11, 3, "no-equivalent", None),
        ("src/zopim.js", 12, 3, "rewrite", open),
        ("src/zopim.js", 13, 3, "no-equivalent", None),
        ("src/zopim.js", 14, 3, "rewrite", hide),
        ("src/zopim.js", 15, 3, "rewrite", locale),
        ("src/zopim.js", 16, 3, "no-equivalent", None),
        // A stylesheet: the commented rule and #launcherbar are not uses.
        ("styles/site.css", 2, 1, "risk", None),
        ("styles/site.css", 5, 1, "risk", None),
        // Jinja: template tags blanked, a {# #} comment and a text/template block skipped.
        ("templates/base.html.j2", 6, 3, "rewrite", locale),
        ("templates/base.html.j2", 9, 3, "rewrite", Some("zE('messenger:on', 'open', callback)")),
        // PHP: the snippet, an echo of a script, onclick and javascript: attributes; the
        // HTML comment and the PHP comment are not uses.
        ("templates/footer.php", 3, 30, "keep", None),
        ("templates/footer.php", 7, 19, "no-equivalent", None),
        ("templates/footer.php", 10, 18, "rewrite", open),
        ("templates/footer.php", 11, 21, "rewrite", open),
        // JSP: the <%-- --%> comment is not a use.
        ("templates/page.jsp", 4, 3, "rewrite", Some("zE('messenger', 'logoutUser')")),
    ];
    let expected: Vec<_> =
        expected.into_iter().map(|(f, l, c, v, m)| (f.to_owned(), l, c, v.to_owned(), m.map(str::to_owned))).collect();
    let v = scan_json(&[SITE]);
    assert_eq!(uses(&v), expected);
    assert_eq!(v["summary"]["visitor_auth_in_code"], true);
    // Loaders name the widget key they load.
    let calls: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["call"].as_str().unwrap()).collect();
    assert!(calls.contains(&"ze-snippet loader (key abc-123)"), "{calls:?}");
    assert!(calls.contains(&"Zopim loader (key ACCOUNTKEY123)"), "{calls:?}");
    assert!(calls.contains(&"$zopim.livechat.setName(…) (via alias chat)"), "aliases are named");
    assert_eq!(v["format_version"], 1);
    // The broken file's parse error is reported at its place.
    let errs = v["parse_errors"].as_array().unwrap();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0]["file"], "tests/sites/shop/src/broken.js");
    assert_eq!((errs[0]["line"].as_u64(), errs[0]["column"].as_u64()), (Some(2), Some(10)));
}

#[test]
fn comments_and_prose_never_count() {
    let v = scan_json(&[SITE]);
    let places: Vec<(String, u64)> = uses(&v).into_iter().map(|u| (u.0, u.1)).collect();
    for (file, line) in [
        ("src/widget.js", 2),
        ("src/widget.js", 3),
        ("src/widget.js", 4),
        ("templates/footer.php", 2),
        ("templates/footer.php", 5),
        ("templates/base.html.j2", 3),
        ("templates/base.html.j2", 11),
        ("templates/page.jsp", 2),
        ("src/components/Help.vue", 2),
        ("styles/site.css", 1),
        ("styles/site.css", 6),
        ("src/risky.js", 7),
    ] {
        assert!(!places.contains(&(file.to_owned(), line)), "{file}:{line} is a comment or prose");
    }
    // The log line inside the close handler (widget.js:18) is one use, the handler, not two.
    assert_eq!(places.iter().filter(|p| p.0 == "src/widget.js" && p.1 == 18).count(), 1);
}

#[test]
fn vendored_and_hidden_folders_are_skipped_unless_asked() {
    let files = |v: &Value| -> Vec<String> {
        v["findings"].as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap().to_owned()).collect()
    };
    let default = files(&scan_json(&[SITE]));
    assert!(!default.iter().any(|f| f.contains("node_modules") || f.contains(".cache")));
    let all = files(&scan_json(&[SITE, "--include-vendored", "--hidden"]));
    assert!(all.iter().any(|f| f.ends_with("node_modules/zendesk-wrapper/index.js")));
    assert!(all.iter().any(|f| f.ends_with(".cache/old.js")));
}

#[test]
fn output_is_deterministic_whatever_the_threads() {
    let run = |j: &str| {
        migrate().args(["scan-site", SITE, "--format", "json", "-j", j]).current_dir(root()).output().unwrap().stdout
    };
    assert_eq!(run("1"), run("4"));
    let text = |j: &str| migrate().args(["scan-site", SITE, "-j", j]).current_dir(root()).output().unwrap().stdout;
    assert_eq!(text("1"), text("3"));
}

#[test]
fn check_fails_only_when_a_use_needs_a_change() {
    let out = migrate().args(["scan-site", SITE]).current_dir(root()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "a found Classic call is not an error");
    let out = migrate().args(["scan-site", SITE, "--check"]).current_dir(root()).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("done.js"), "zE('messenger', 'open');\nzE('messenger:on', 'close', f);\n").unwrap();
    let out = migrate().args(["scan-site", "--check"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = migrate().args(["scan-site", "no/such/folder"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sarif_has_the_2_1_0_shape() {
    let out = migrate().args(["scan-site", SITE, "--format", "sarif"]).current_dir(root()).output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    let rules: Vec<&str> =
        run["tool"]["driver"]["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 61);
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        assert_eq!(rules[usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap()], id);
        assert!(["warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].as_str().unwrap().starts_with("tests/sites/shop/"));
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let notes = run["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    assert!(notes[0]["message"]["text"].as_str().unwrap().contains("did not parse"));
}

#[test]
fn patch_holds_only_the_one_to_one_rewrites() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&root().join(SITE), &site);
    let out = migrate().args(["scan-site", "site", "--patch"]).current_dir(dir.path()).output().unwrap();
    assert!(out.status.success());
    let diff = String::from_utf8(out.stdout).unwrap();
    let added: Vec<&str> = diff.lines().filter(|l| l.starts_with('+') && !l.starts_with("+++")).collect();
    let removed: Vec<&str> = diff.lines().filter(|l| l.starts_with('-') && !l.starts_with("---")).collect();
    assert!(added.iter().all(|l| l.contains("messenger")), "{added:#?}");
    // Not in the patch: prefill, identify, departments, tags, logout, the loader, settings.
    for l in &added {
        for never in ["prefill", "identify", "departments", "conversationTags", "logoutUser", "zIndex", "ze-snippet"] {
            assert!(!l.contains(never), "{l}");
        }
    }
    assert!(removed.iter().any(|l| l.contains("chat.window.show()")), "aliases are rewritten too");
    assert!(diff.contains("+  zE('messenger', 'hide');\n"));
    assert!(diff.contains("+<button onclick=\"zE('messenger', 'open'); return false;\">Chat</button>\n"));
    assert!(diff.contains("+    window.zE('messenger:set', 'locale', locale);\n"));
    // Every hunk header counts its lines right: apply it and scan again.
    apply(&diff, dir.path());
    let again = migrate().args(["scan-site", "site", "--format", "json"]).current_dir(dir.path()).output().unwrap();
    let v: Value = serde_json::from_slice(&again.stdout).unwrap();
    let patchable = v["findings"].as_array().unwrap().iter().filter(|f| f["patchable"] == true).count();
    assert_eq!(patchable, 0, "after the patch nothing one-to-one is left");
    let messaging = v["findings"].as_array().unwrap().iter().filter(|f| f["verdict"] == "already-messaging").count();
    // The 23 patchable uses of the site (scanned in place) are now messaging calls, beside the two already there.
    let before = scan_json(&[SITE]);
    let patchable_before = before["findings"].as_array().unwrap().iter().filter(|f| f["patchable"] == true).count();
    assert_eq!(patchable_before, 23);
    assert_eq!(messaging, 2 + patchable_before);
}

/// A minimal applier of our own unified diffs (no `patch` binary on CI): checks each hunk's
/// context and removed lines against the file.
fn apply(diff: &str, base: &Path) {
    let mut lines = diff.lines().peekable();
    while let Some(l) = lines.next() {
        let Some(name) = l.strip_prefix("--- ") else { continue };
        lines.next(); // +++
        let path = base.join(name);
        let old = std::fs::read_to_string(&path).unwrap();
        let old_lines: Vec<&str> = old.split('\n').collect();
        let mut out: Vec<String> = Vec::new();
        let mut at = 0usize;
        while let Some(h) = lines.peek().and_then(|h| h.strip_prefix("@@ -")) {
            let start: usize = h.split(',').next().unwrap().parse().unwrap();
            lines.next();
            while at < start - 1 {
                out.push(old_lines[at].to_owned());
                at += 1;
            }
            while let Some(b) = lines.peek() {
                if b.starts_with("@@") || b.starts_with("--- ") {
                    break;
                }
                let b = lines.next().unwrap();
                match b.split_at(1) {
                    (" ", t) => {
                        assert_eq!(old_lines[at], t, "{name}: context");
                        out.push(t.to_owned());
                        at += 1;
                    }
                    ("-", t) => {
                        assert_eq!(old_lines[at], t, "{name}: removed line");
                        at += 1;
                    }
                    ("+", t) => out.push(t.to_owned()),
                    ("\\", _) => {}
                    _ => panic!("bad diff line {b}"),
                }
            }
        }
        out.extend(old_lines[at..].iter().map(|s| (*s).to_owned()));
        std::fs::write(&path, out.join("\n")).unwrap();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn scan_into_an_account_then_plan_lists_each_site_by_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let account = dir.path().join("acme");
    copy_dir(&fixture("acme-segment-2"), &account);
    let out = migrate().args(["scan-site", SITE, "--account"]).arg(&account).current_dir(root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stored = account.join("chat/site_scan.json");
    assert!(stored.is_file());
    let plan = plan_dir(&account);
    let step = plan.steps.iter().find(|s| s.id == StepId::UpdateWidgetJsApi).expect("the JS API step");
    // The sites found by the scan, with their rewrite…
    assert!(
        step.what
            .contains("- tests/sites/shop/src/widget.js:11: `zE('webWidget', 'open')` → `zE('messenger', 'open')`"),
        "{}",
        step.what
    );
    assert!(step.what.contains("- tests/sites/shop/templates/footer.php:10: `zE('webWidget', 'open')`"));
    assert!(
        step.what
            .contains("- tests/sites/shop/src/zopim.js:13: `$zopim.livechat.departments.filter(…)` → No equivalent")
    );
    // …and the hand-typed js_api_calls still there.
    assert!(step.what.contains("- `zE('webWidget', 'prefill', {name: {value: user.name}})`"));
    // Uses with nothing to change are not listed.
    assert!(!step.what.contains("zE('messenger', 'open')` →"));
    assert!(!step.what.contains("ze-snippet loader"));
    // The plan's JSON reads back with the scanned uses' payloads typed.
    let json = migrate().args(["plan", "--format", "json"]).arg(&account).output().unwrap();
    let back: migrate::plan::Plan = serde_json::from_slice(&json.stdout).unwrap();
    assert!(back.items.iter().any(|i| i.source == "chat/site_scan.json#tests/sites/shop/src/widget.js:11:3"));
    // The stored file is not an unknown file of the export.
    assert!(!plan.warnings.iter().any(|w| w.message.contains("site_scan")));

    // A rerun replaces the stored scan, atomically (no temporary file left beside it).
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("one.js"), "zE('webWidget', 'hide');\n").unwrap();
    let out = migrate().args(["scan-site"]).arg(other.path()).arg("--account").arg(&account).output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&std::fs::read(&stored).unwrap()).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
    assert_eq!(crate::common::files_under(&account.join("chat")).iter().filter(|f| f.contains("site_scan")).count(), 1);
    let plan = plan_dir(&account);
    let step = plan.steps.iter().find(|s| s.id == StepId::UpdateWidgetJsApi).unwrap();
    assert!(!step.what.contains("tests/sites/shop"), "the old scan is gone");
    assert!(step.what.contains("one.js:1: `zE('webWidget', 'hide')` → `zE('messenger', 'hide')`"));
}

#[test]
fn jwt_fn_in_the_site_code_counts_as_visitor_authentication() {
    let account = new_account("jwt");
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("auth.js"),
        "window.zESettings = { webWidget: { authenticate: { chat: { jwtFn: function (cb) { cb(t); } } } } };\n",
    )
    .unwrap();
    let out = migrate().arg("scan-site").arg(site.path()).arg("--account").arg(account.path()).output().unwrap();
    assert!(out.status.success());
    let plan = plan_dir(account.path());
    let f = &plan.classification.evidence.features.visitor_authentication;
    assert_eq!(f.state, FeatureState::Used, "D-5: authentication in code is a segment fact");
    assert!(f.source.contains("site_scan.json"));
    // …and brings the JWT steps.
    for id in [StepId::CreateMessagingSigningKey, StepId::UpdateJwtLoginCode] {
        assert!(plan.steps.iter().any(|s| s.id == id), "{id}");
    }
}

#[test]
fn bad_input_is_counted_and_listed_never_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Invalid UTF-8 around a call: scanned, with a remark.
    std::fs::write(d.join("latin1.js"), b"var s = '\xe9t\xe9';\nzE('webWidget', 'open');\n").unwrap();
    // A binary file with a site extension.
    std::fs::write(d.join("image.js"), b"GIF89a\x00\x01zE('webWidget','open')").unwrap();
    // A 100 MB file (sparse): over the limit, skipped with the limit stated.
    let big = std::fs::File::create(d.join("huge.min.js")).unwrap();
    big.set_len(100_000_000).unwrap();
    // Unparsable code.
    std::fs::write(d.join("broken.ts"), "zE('webWidget', 'show');\nlet x: = ;\n").unwrap();
    // A symbolic link loop (followed with -L) and a control character in a file name.
    #[cfg(unix)]
    {
        std::fs::create_dir(d.join("sub")).unwrap();
        std::os::unix::fs::symlink("..", d.join("sub/loop")).unwrap();
    }
    std::fs::write(d.join("evil\u{1b}[31m.js"), "zE('webWidget', 'close');\n").unwrap();
    // A named pipe with a site name: opening it would block for ever.
    #[cfg(unix)]
    assert!(std::process::Command::new("mkfifo").arg(d.join("pipe.js")).status().unwrap().success());

    let out = migrate().args(["scan-site", "-v", "-L"]).arg(d).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "no raw control character reaches the terminal");
    assert!(text.contains("evil␛[31m.js"), "{text}");
    assert!(text.contains("binary"), "{text}");
    assert!(text.contains("larger than the 20.0 MB limit (100.0 MB)"), "{text}");
    assert!(text.contains("invalid UTF-8 at byte 9"), "{text}");
    assert!(text.contains("broken.ts:2:"), "{text}");
    #[cfg(unix)]
    assert!(text.contains("symbolic link loop"), "{text}");
    #[cfg(unix)]
    assert!(text.contains("pipe.js  not a regular file"), "{text}");
    // Without -L a linked file is listed as not followed, never dropped silently.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(d.join("latin1.js"), d.join("link.js")).unwrap();
        let out = migrate().args(["scan-site", "-v"]).arg(d).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("link.js  a symbolic link, not followed (-L follows links)"), "{text}");
        std::fs::remove_file(d.join("link.js")).unwrap();
    }
    let v = {
        let out = migrate().args(["scan-site", "--format", "json", "-L"]).arg(d).output().unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let files: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert!(files.iter().any(|f| f.ends_with("latin1.js")));
    assert!(files.iter().any(|f| f.ends_with("broken.ts")), "the tolerant parse still finds the call");
    assert!(files.iter().any(|f| f.ends_with("evil\u{1b}[31m.js")), "JSON keeps the name exact");
    let skipped = v["summary"]["files_skipped"].as_u64().unwrap();
    assert_eq!(skipped, if cfg!(unix) { 4 } else { 2 });
}

#[test]
fn a_long_minified_line_reports_the_column() {
    let dir = tempfile::tempdir().unwrap();
    let filler = "var a=function(b){return b+1};".repeat(50_000); // 1.5 MB on one line
    std::fs::write(dir.path().join("app.min.js"), format!("{filler}zE('webWidget','open');")).unwrap();
    let v = {
        let out = migrate().args(["scan-site", "--format", "json"]).arg(dir.path()).output().unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let f = &v["findings"][0];
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(1), Some(filler.len() as u64 + 1)));
}
