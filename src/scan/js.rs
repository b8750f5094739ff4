//! Finding widget API uses in JavaScript and TypeScript with a real parser (oxc), so that
//! comments, strings and calls split across lines are told apart by the grammar.
//!
//! The visitor resolves callee paths (`window['zE']`, `window.$zopim.livechat.window`)
//! and simple aliases (`var chat = $zopim.livechat`), names each use with a typed
//! [`Api`], and hands strings that run (an `innerHTML` with a script, `eval`, a script
//! element's `text`, React's `__html`) back to the caller as further [`Piece`]s to scan.

use std::collections::{HashMap, HashSet};

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    Argument, AssignmentTarget, BindingPatternKind, CallExpression, Expression, NewExpression, ObjectExpression,
    ObjectPropertyKind, StringLiteral, TemplateLiteral, UnaryExpression, UnaryOperator, VariableDeclarator,
};
use oxc_ast_visit::{Visit, walk};
use oxc_parser::{ParseOptions, Parser};
use oxc_span::{GetSpan, SourceType, Span};

use super::names::{RISKY, blank, has_token, loader_name};
use super::rules::{Api, Bug, Loader, Risk};
use super::{Context, Edit, Hit, Lang, Piece, Problem};

/// How many times a parse that gave up is retried with the failing line blanked out.
const RETRIES: usize = 8;

/// Lines longer than this (minified code) lose only the statement around an error, not the line.
const LONG_LINE: usize = 1000;

/// Scan one piece of JavaScript. Offsets in hits are relative to `text`.
pub(crate) fn scan(
    alloc: &Allocator,
    text: &str,
    ty: SourceType,
    context: Context,
    hits: &mut Vec<Hit>,
    more: &mut Vec<Piece>,
    problems: &mut Vec<Problem>,
) {
    let mut owned: Option<String> = None;
    for attempt in 0..=RETRIES {
        let src: &str = owned.as_deref().unwrap_or(text);
        let options = ParseOptions { allow_return_outside_function: true, ..ParseOptions::default() };
        let ret = Parser::new(alloc, src, ty).with_options(options).parse();
        if let Some(first) = ret.errors.first()
            && attempt == 0
        {
            let offset = first.labels.as_ref().and_then(|l| l.first()).map_or(0, |l| l.offset());
            problems.push(Problem { offset, message: first.message.to_string() });
        }
        if ret.panicked && attempt < RETRIES {
            // Blank the line of the error (offsets unchanged) and try again, so that one
            // broken statement does not hide the calls around it.
            let Some(offset) =
                ret.errors.first().and_then(|e| e.labels.as_ref()).and_then(|l| l.first()).map(|l| l.offset())
            else {
                break;
            };
            let mut bytes = src.as_bytes().to_vec();
            let offset = offset.min(bytes.len());
            let mut start = bytes[..offset].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
            let mut end = bytes[offset..].iter().position(|b| *b == b'\n').map_or(bytes.len(), |p| offset + p);
            if end - start > LONG_LINE {
                let stop = |b: &u8| matches!(b, b';' | b'{' | b'}');
                start = bytes[start..offset].iter().rposition(stop).map_or(start, |p| start + p + 1);
                end = bytes[offset..end].iter().skip(1).position(stop).map_or(end, |p| offset + 1 + p);
            }
            if start >= end {
                break;
            }
            blank(&mut bytes[start..end]);
            owned = Some(String::from_utf8_lossy(&bytes).into_owned());
            continue;
        }
        let mut locals = Locals { names: HashSet::new() };
        locals.visit_program(&ret.program);
        let mut v = Visitor {
            src,
            context,
            aliases: HashMap::new(),
            handled: HashSet::new(),
            shadowed: locals.names,
            ts: ty.is_typescript(),
            guarded: 0,
            zembed: false,
            hits: &mut *hits,
            more: &mut *more,
        };
        v.visit_program(&ret.program);
        break;
    }
}

struct Visitor<'s, 'o> {
    src: &'s str,
    context: Context,
    /// Local names bound to a widget path (`chat` → `$zopim.livechat`).
    aliases: HashMap<String, Vec<String>>,
    /// Strings already handed back as pieces.
    handled: HashSet<u32>,
    /// Widget globals this file declares itself (a minifier's `function zE(t){…}`): a bare
    /// call of that name is the file's own function, not the widget.
    shadowed: HashSet<String>,
    /// TypeScript: patched code names globals through `(window as any)`.
    ts: bool,
    /// How deep the visit is inside a branch already written for both widgets
    /// (`if (zE.hide) … else …`, `($zopim || {}).livechat ? … : …`): no edit there.
    guarded: usize,
    /// The call being named is made through `zEmbed`, which the messaging snippet does not define.
    zembed: bool,
    hits: &'o mut Vec<Hit>,
    more: &'o mut Vec<Piece>,
}

const ROOTS: &[&str] = &["zE", "$zopim", "zESettings", "zChat", "zeSettings", "zEmbed"];

/// How patched code tells the widgets apart: on messaging the legacy `zE.hide` is undefined
/// (a Zendesk product manager's sample, `zE(() => { if (zE.hide) { … } else { … } })`,
/// https://support.zendesk.com/hc/en-us/community/posts/4419487686682); `$zopim.livechat`
/// exists only while the Zopim loader is on the page.
fn zopim_guard(w: &str) -> String {
    format!("({w}.$zopim || {{}}).livechat")
}

impl Visitor<'_, '_> {
    fn hit(&mut self, span: Span, call: String, api: Api, edit: Option<Edit>) {
        let guarded = self.guarded > 0;
        let edit = edit.filter(|_| !guarded);
        let fails_after = !guarded && (self.zembed || super::rules::fails_after_switch(&api));
        self.hits.push(Hit { offset: span.start as usize, call, api, edit, context: self.context, fails_after });
    }

    /// `window`, or `(window as any)` in TypeScript.
    fn win(&self) -> &'static str {
        if self.ts { "(window as any)" } else { "window" }
    }

    fn param(&self) -> &'static str {
        if self.ts { "a: any" } else { "a" }
    }

    /// Whether a test reads a widget global (`zE.hide`, `$zopim`): code under it was
    /// written for both widgets.
    fn widget_test(&self, test: &Expression) -> bool {
        let t = self.slice(test.span());
        ["zE.", "zE'", "zE\"", "zE)", "$zopim", "zEmbed"].iter().any(|n| t.contains(n))
    }

    /// The dotted path an expression names, with `window.`/`globalThis.` dropped and
    /// aliases resolved; `None` when it is not a plain path.
    fn path(&self, e: &Expression) -> Option<(Vec<String>, Option<String>)> {
        let mut parts: Vec<String> = Vec::new();
        let mut cur = e.get_inner_expression();
        let mut alias = None;
        loop {
            match cur {
                Expression::Identifier(id) => {
                    if let Some(p) = self.aliases.get(id.name.as_str()) {
                        alias = Some(id.name.to_string());
                        parts.extend(p.iter().rev().cloned());
                    } else {
                        parts.push(id.name.to_string());
                    }
                    break;
                }
                Expression::ThisExpression(_) => {
                    parts.push("this".into());
                    break;
                }
                Expression::StaticMemberExpression(m) => {
                    parts.push(m.property.name.to_string());
                    cur = m.object.get_inner_expression();
                }
                Expression::ComputedMemberExpression(m) => {
                    parts.push(literal(&m.expression)?);
                    cur = m.object.get_inner_expression();
                }
                _ => return None,
            }
            if parts.len() > 8 {
                return None;
            }
        }
        parts.reverse();
        while parts.len() > 1 && matches!(parts[0].as_str(), "window" | "globalThis" | "self" | "top" | "parent") {
            parts.remove(0);
        }
        // The zEmbed loader makes `zEmbed` the widget's queue function (`window.zE =
        // window.zE || window.zEmbed`): its calls are zE's (finding 11).
        if parts[0] == "zEmbed" {
            parts[0] = "zE".into();
            alias = alias.or_else(|| Some("zEmbed".into()));
        }
        Some((parts, alias))
    }

    fn quote(&self, span: Span) -> char {
        match self.src.as_bytes().get(span.start as usize) {
            Some(b'"') => '"',
            _ => '\'',
        }
    }

    fn slice(&self, span: Span) -> &str {
        self.src.get(span.start as usize..span.end as usize).unwrap_or("")
    }

    fn call(&mut self, call: &CallExpression, callee: &[String], alias: Option<String>) {
        // No backticks: the call is shown inside a Markdown code span in the plan.
        let aliased = alias.is_some();
        let via = alias
            .map(|a| if a == "zEmbed" { " (via zEmbed)".to_owned() } else { format!(" (via alias {a})") })
            .unwrap_or_default();
        let mut names: Vec<&str> = callee.iter().map(String::as_str).collect();
        // `zE.identify.apply(zE, args)`, `$zopim.livechat.setName.call(…)`: the method itself.
        if names.len() >= 3 && matches!(names.last(), Some(&("apply" | "call"))) && ROOTS.contains(&names[0]) {
            names.pop();
            let m = names.join(".");
            let api = match names.as_slice() {
                ["zE", m] => Api::LegacyZe((*m).to_owned()),
                ["$zopim", "livechat", rest @ ..] => Api::Livechat(rest.join(".")),
                _ => return,
            };
            self.hit(call.span, format!("{m}(…){via}"), api, None);
            return;
        }
        match names.as_slice() {
            ["zE"] => self.ze(call, &call.arguments, via, aliased),
            ["zE", "call"] if call.arguments.len() > 1 => {
                let args: Vec<&Argument> = call.arguments.iter().skip(1).collect();
                self.ze_args(call.span, None, &args, via);
            }
            ["zE", "apply" | "call"] => self.hit(
                call.span,
                format!("zE.{}(…)", names[1]),
                Api::Dynamic(format!("zE is called through {} with computed arguments", names[1])),
                None,
            ),
            ["zE", m] => {
                let api = Api::LegacyZe((*m).to_owned());
                let edit = if aliased { None } else { self.legacy_edit(call, m) };
                self.hit(call.span, format!("zE.{m}(…){via}"), api, edit);
            }
            ["$zopim"] if call.arguments.first().and_then(|a| a.as_expression()).is_some_and(is_function) => {
                // `$zopim(fn)` → `(window.$zopim || window.zE)(fn)`: the callee only, so
                // the calls inside keep their own edits (finding 1).
                let w = self.win();
                let edit = (!aliased).then(|| Edit {
                    start: call.callee.span().start as usize,
                    end: call.callee.span().end as usize,
                    text: format!("({w}.$zopim || {w}.zE)"),
                    guard: false,
                });
                self.hit(call.span, "$zopim(function () {…})".into(), Api::ZopimReady, edit);
            }
            ["$zopim", "livechat", rest @ ..] if !rest.is_empty() => {
                let path = rest.join(".");
                let edit = if aliased { None } else { self.livechat_edit(call, &path) };
                self.hit(call.span, format!("$zopim.livechat.{path}(…){via}"), Api::Livechat(path), edit);
            }
            ["zChat", rest @ ..] if !rest.is_empty() => {
                let path = rest.join(".");
                self.hit(call.span, format!("zChat.{path}(…){via}"), Api::ChatSdk(path), None);
            }
            [.., "getElementById"] => {
                if let Some(Argument::StringLiteral(s)) = call.arguments.first()
                    && matches!(s.value.as_str(), "launcher" | "webWidget")
                {
                    self.hit(s.span, format!("getElementById('{}')", s.value), Api::Risk(Risk::LauncherSelector), None);
                }
            }
            [.., sink] => {
                if let Some(lang) = sink_lang(sink) {
                    for a in &call.arguments {
                        if let Some(e) = a.as_expression() {
                            self.run_string(e, lang);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn ze(&mut self, call: &CallExpression, args: &[Argument], via: String, aliased: bool) {
        let args: Vec<&Argument> = args.iter().collect();
        if args.first().and_then(|a| a.as_expression()).is_some_and(is_function) {
            self.hit(call.span, format!("zE(function () {{…}}){via}"), Api::ZeReady { zembed: self.zembed }, None);
            return;
        }
        let callee = (!aliased).then(|| call.callee.span());
        self.ze_args(call.span, callee, &args, via);
    }

    fn ze_args(&mut self, span: Span, callee: Option<Span>, args: &[&Argument], via: String) {
        let family = args.first().and_then(|a| a.as_expression()).and_then(literal);
        let action = args.get(1).and_then(|a| a.as_expression()).and_then(literal);
        let Some(family) = family else {
            self.hit(span, format!("zE(…){via}"), Api::Dynamic("the widget family is computed".into()), None);
            return;
        };
        let shown = |a: &Option<String>| a.as_deref().map_or("…".to_owned(), |a| format!("'{a}'"));
        let call = format!("zE('{family}', {}{}){via}", shown(&action), if args.len() > 2 { ", …" } else { "" });
        // A call that runs on both widgets: `zE(function () { if (zE.hide) <Classic>;
        // else { <messaging> } })`, inside the ready callback Zendesk's own sample uses on
        // both. `to` lists the messaging calls as (family, action); with a third argument
        // (a locale, a callback) only the code before it is replaced, so the argument and
        // any edit inside it stay as they are.
        let edit_for = |v: &Self, to: &[(&str, &str)]| -> Option<Edit> {
            let z = v.slice(callee?);
            let (a0, a1) = (args.first()?.span(), args.get(1)?.span());
            let q = v.quote(a0);
            let classic = format!("{z}({}, {}", v.slice(a0), v.slice(a1));
            match args.len() {
                2 => {
                    let new: Vec<String> = to.iter().map(|(f, a)| format!("{z}({q}{f}{q}, {q}{a}{q});")).collect();
                    Some(Edit {
                        start: span.start as usize,
                        end: span.end as usize,
                        text: format!(
                            "{z}(function () {{ if ({z}.hide) {}; else {{ {} }} }})",
                            v.slice(span),
                            new.join(" ")
                        ),
                        guard: false,
                    })
                }
                3 => {
                    let (f, a) = to.first()?;
                    let p = v.param();
                    Some(Edit {
                        start: span.start as usize,
                        end: args[2].span().start as usize,
                        text: format!(
                            "(function ({p}) {{ {z}(function () {{ if ({z}.hide) {classic}, a); else {z}({q}{f}{q}, {q}{a}{q}, a); }}); }})("
                        ),
                        guard: false,
                    })
                }
                _ => None,
            }
        };
        match family.as_str() {
            "webWidget" | "webWidget:on" | "webWidget:get" => {
                let Some(action) = action else {
                    let what = args.get(1).map_or("".into(), |a| format!(" (`{}`)", one_line(self.slice(a.span()))));
                    self.hit(
                        span,
                        call,
                        Api::Dynamic(format!("the action of zE('{family}', …) is computed{what}")),
                        None,
                    );
                    return;
                };
                match family.as_str() {
                    "webWidget" => {
                        if action == "updateSettings" {
                            if let Some(Expression::ObjectExpression(o)) =
                                args.get(2).and_then(|a| a.as_expression()).map(Expression::get_inner_expression)
                            {
                                self.settings(o, &[], true, span);
                                return;
                            }
                        }
                        let edit = match action.as_str() {
                            "open" => edit_for(self, &[("messenger", "show"), ("messenger", "open")]),
                            "close" | "show" | "hide" => edit_for(self, &[("messenger", &action)]),
                            "setLocale" => edit_for(self, &[("messenger:set", "locale")]),
                            _ => None,
                        };
                        self.hit(span, call, Api::WebWidget(action), edit);
                    }
                    "webWidget:on" => {
                        let edit = match action.as_str() {
                            "open" | "close" => edit_for(self, &[("messenger:on", &action)]),
                            _ => None,
                        };
                        self.hit(span, call, Api::WebWidgetOn(action), edit);
                    }
                    _ => self.hit(span, call, Api::WebWidgetGet(action), None),
                }
            }
            "messenger" | "messenger:on" | "messenger:set" | "messenger:get" => {
                self.hit(span, call, Api::Messaging(family), None);
            }
            "updatePath" | "updateSettings" | "open" | "close" | "show" | "hide" | "identify" | "prefill"
            | "setLocale" | "logout" => self.hit(span, call, Api::SuspectedBug(Bug::FamilyLeftOut), None),
            _ => self.hit(span, call, Api::SuspectedBug(Bug::UnknownFamily), None),
        }
    }

    /// `zE.hide()` → a call that runs on both widgets; a legacy call with no counterpart
    /// is guarded so that it no longer throws on messaging (finding 12).
    fn legacy_edit(&self, call: &CallExpression, m: &str) -> Option<Edit> {
        // Keep how the site names zE (`window.zE`, a TypeScript-declared global).
        let ze = call.callee.get_inner_expression().as_member_expression().map(|c| self.slice(c.object().span()))?;
        let orig = self.slice(call.span);
        let whole = |text: String, guard: bool| Edit {
            start: call.span.start as usize,
            end: call.span.end as usize,
            text,
            guard,
        };
        let dual = |new: &str| format!("{ze}(function () {{ if ({ze}.{m}) {orig}; else {{ {new} }} }})");
        let p = self.param();
        Some(match (m, call.arguments.len()) {
            ("hide" | "show", 0) => whole(dual(&format!("{ze}('messenger', '{m}');")), false),
            ("activate", 0) => whole(dual(&format!("{ze}('messenger', 'show'); {ze}('messenger', 'open');")), false),
            ("setLocale", 1) => Edit {
                start: call.span.start as usize,
                end: call.arguments[0].span().start as usize,
                text: format!(
                    "(function ({p}) {{ {ze}(function () {{ if ({ze}.setLocale) {ze}.setLocale(a); else {ze}('messenger:set', 'locale', a); }}); }})("
                ),
                guard: false,
            },
            // `zE.activate({ hideOnClose: true })`: the options are Classic's alone.
            ("activate", 1) => Edit {
                start: call.span.start as usize,
                end: call.arguments[0].span().start as usize,
                text: format!(
                    "(function ({p}) {{ {ze}(function () {{ if ({ze}.activate) {ze}.activate(a); else {{ {ze}('messenger', 'show'); {ze}('messenger', 'open'); }} }}); }})("
                ),
                guard: false,
            },
            (_, 0) => whole(format!("({ze}.{m} ? {orig} : undefined)"), true),
            _ => Edit {
                start: call.span.start as usize,
                end: call.arguments[0].span().start as usize,
                text: format!("(function () {{ if ({ze}.{m}) return {ze}.{m}.apply({ze}, arguments); }})("),
                guard: true,
            },
        })
    }

    /// `$zopim.livechat.*`: a call that runs with either loader — the Chat call while
    /// `$zopim.livechat` exists, the messaging one after (finding 1) — or, without a
    /// counterpart, the Chat call guarded so that it does nothing after the switch.
    fn livechat_edit(&self, call: &CallExpression, path: &str) -> Option<Edit> {
        let n = call.arguments.len();
        let w = self.win();
        let g = zopim_guard(w);
        let ze = if self.ts { "(window as any).zE" } else { "zE" };
        let orig = self.slice(call.span);
        let callee = self.slice(call.callee.span());
        let object =
            call.callee.get_inner_expression().as_member_expression().map(|m| self.slice(m.object().span()))?;
        let whole = |new: String, guard: bool| Edit {
            start: call.span.start as usize,
            end: call.span.end as usize,
            text: format!("({g} ? {orig} : {new})"),
            guard,
        };
        let p = self.param();
        let prefix = |new: &str| Edit {
            start: call.span.start as usize,
            end: call.arguments[0].span().start as usize,
            text: format!("(function ({p}) {{ if ({g}) {callee}(a); else {new}; }})("),
            guard: false,
        };
        let literal_code = |i: usize| {
            call.arguments.get(i).and_then(|a| a.as_expression()).and_then(literal).filter(|c| !c.contains('_'))
        };
        Some(match (path, n) {
            ("window.show", 0) => whole(format!("({ze}('messenger', 'show'), {ze}('messenger', 'open'))"), false),
            ("window.hide", 0) => whole(format!("{ze}('messenger', 'close')"), false),
            ("button.show", 0) => whole(format!("{ze}('messenger', 'show')"), false),
            ("button.hide" | "hideAll", 0) => whole(format!("{ze}('messenger', 'hide')"), false),
            ("setLanguage", 1) if literal_code(0).is_some() => prefix(&format!("{ze}('messenger:set', 'locale', a)")),
            ("window.onShow", 1) => prefix(&format!("{ze}('messenger:on', 'open', a)")),
            ("window.onHide", 1) => prefix(&format!("{ze}('messenger:on', 'close', a)")),
            (_, 0) => whole("undefined".into(), true),
            _ => Edit {
                start: call.span.start as usize,
                end: call.arguments[0].span().start as usize,
                text: format!("(function () {{ if ({g}) return {callee}.apply({object}, arguments); }})("),
                guard: true,
            },
        })
    }

    /// The keys of a settings object, one use per key group (`webWidget.chat.departments`).
    fn settings(&mut self, o: &ObjectExpression, prefix: &[String], payload: bool, call: Span) {
        for p in &o.properties {
            let ObjectPropertyKind::ObjectProperty(p) = p else {
                if prefix.is_empty() {
                    self.hit(
                        call,
                        "settings spread from another object".into(),
                        Api::Dynamic("settings are spread from another object".into()),
                        None,
                    );
                }
                continue;
            };
            let Some(name) = p.key.static_name() else { continue };
            let mut path = prefix.to_vec();
            path.push(name.into_owned());
            if path.len() == 1 && !matches!(path[0].as_str(), "webWidget" | "cookies" | "analytics" | "errorReporting")
            {
                self.hit(
                    p.span,
                    format!("{} {{ {} }}", if payload { "updateSettings" } else { "zESettings" }, path[0]),
                    Api::SuspectedBug(Bug::MissingWebWidgetWrapper),
                    None,
                );
                continue;
            }
            let group = group_len(&path);
            match p.value.get_inner_expression() {
                Expression::ObjectExpression(inner) if path.len() < group => self.settings(inner, &path, payload, call),
                _ => {
                    let key = path[..group.min(path.len())].join(".");
                    let shown = if payload {
                        format!("zE('webWidget', 'updateSettings', {{ {key} }})")
                    } else {
                        format!("zESettings.{key}")
                    };
                    self.hit(p.span, shown, Api::SettingsKey(key), None);
                }
            }
        }
    }

    /// A string that runs: scanned again as JavaScript or as markup.
    fn run_string(&mut self, e: &Expression, lang: Lang) {
        match e.get_inner_expression() {
            Expression::StringLiteral(s) => self.string_piece(s, lang),
            Expression::TemplateLiteral(t) => self.template_piece(t, lang),
            _ => {}
        }
    }

    fn string_piece(&mut self, s: &StringLiteral, lang: Lang) {
        if !self.handled.insert(s.span.start) || s.span.size() < 2 {
            return;
        }
        let raw = self.src.get(s.span.start as usize + 1..s.span.end as usize - 1).unwrap_or("");
        let (text, start, exact) = if raw == s.value.as_str() {
            (raw.to_owned(), s.span.start as usize + 1, true)
        } else {
            (s.value.to_string(), s.span.start as usize, false)
        };
        self.more.push(Piece { start, text, exact, lang, context: Context::StringThatRuns, patch: false, quote: None });
    }

    fn template_piece(&mut self, t: &TemplateLiteral, lang: Lang) {
        if !self.handled.insert(t.span.start) || t.span.size() < 2 {
            return;
        }
        let start = t.span.start as usize + 1;
        let raw = self.src.get(start..t.span.end as usize - 1).unwrap_or("");
        let mut bytes = raw.as_bytes().to_vec();
        // `${expr}` becomes `0` and spaces: a value where the code expects one, offsets kept.
        for w in t.quasis.windows(2) {
            let (a, b) = (w[0].span.end as usize - start, (w[1].span.start as usize).saturating_sub(start));
            if a < b && b <= bytes.len() {
                blank(&mut bytes[a..b]);
                bytes[a] = b'0';
            }
        }
        let exact = !raw.contains('\\');
        let text = if exact {
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            t.quasis.iter().filter_map(|q| q.value.cooked.as_ref().map(|c| c.to_string())).collect::<Vec<_>>().join("0")
        };
        self.more.push(Piece {
            start: if exact { start } else { t.span.start as usize },
            text,
            exact,
            lang,
            context: Context::StringThatRuns,
            patch: false,
            quote: None,
        });
    }

    /// A string holding a script, kept for later injection: scanned as markup.
    fn kept_script(&mut self, e: &Expression) {
        match e.get_inner_expression() {
            Expression::StringLiteral(s) if holds_script(&s.value) => self.string_piece(s, Lang::Markup),
            Expression::TemplateLiteral(t) if holds_script(self.slice(t.span)) => self.template_piece(t, Lang::Markup),
            _ => {}
        }
    }

    fn string_mentions(&mut self, value: &str, span: Span) {
        if value.contains("<script") || value.contains("<SCRIPT") {
            return; // handed back as markup by visit_string_literal
        }
        let loader = if value.contains("ekr/snippet.js") {
            Some(Loader::ZeSnippet)
        } else if value.contains("zopim.com/?") || value.contains("v2.zopim.com") {
            Some(Loader::Zopim)
        } else if value.contains("embeddable_framework") {
            Some(Loader::Zembed)
        } else {
            None
        };
        if let Some(l) = loader {
            self.hit(span, loader_name(l, value), Api::Loader(l), None);
        }
        // A host name (`https://*.zopim.com` in a Content Security Policy) is not a node.
        let host = value.contains("zopim.com") || value.contains("zopim.io");
        for (needle, risk) in RISKY {
            if has_token(value, needle) && !(host && *risk == Risk::ZopimNode) {
                self.hit(span, format!("'{}'", one_line(value)), Api::Risk(*risk), None);
                break;
            }
        }
    }
}

/// The widget globals a file binds itself (not `declare`d for TypeScript, not an alias of
/// the global such as `var zE = window.zE`).
struct Locals {
    names: HashSet<String>,
}

impl<'a> Visit<'a> for Locals {
    fn visit_variable_declaration(&mut self, it: &oxc_ast::ast::VariableDeclaration<'a>) {
        if !it.declare {
            walk::walk_variable_declaration(self, it);
        }
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let BindingPatternKind::BindingIdentifier(id) = &it.id.kind
            && it.init.as_ref().is_some_and(|e| global_of(e).is_some_and(|g| g == id.name.as_str()))
        {
            // `var zE = window.zE`: the global under its own name.
            if let Some(init) = &it.init {
                self.visit_expression(init);
            }
            return;
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_binding_identifier(&mut self, it: &oxc_ast::ast::BindingIdentifier<'a>) {
        if matches!(it.name.as_str(), "zE" | "$zopim" | "zChat") {
            self.names.insert(it.name.to_string());
        }
    }
}

/// `window.zE`, `(window as any).zE`, `window['zE']`: the global's name.
fn global_of<'e>(e: &'e Expression) -> Option<&'e str> {
    let m = e.get_inner_expression().as_member_expression()?;
    let obj = m.object().get_inner_expression().get_identifier_reference()?;
    if matches!(obj.name.as_str(), "window" | "globalThis" | "self") { m.static_property_name() } else { None }
}

/// The identifier a callee starts from when it is a bare name (`zE`, `zE.hide`), not a
/// property of `window`.
fn bare_root<'e>(e: &'e Expression) -> Option<&'e str> {
    let mut cur = e.get_inner_expression();
    loop {
        match cur {
            Expression::Identifier(id) => return Some(id.name.as_str()),
            Expression::StaticMemberExpression(m) => cur = m.object.get_inner_expression(),
            Expression::ComputedMemberExpression(m) => cur = m.object.get_inner_expression(),
            _ => return None,
        }
    }
}

/// How many segments of a settings path name one decision.
fn group_len(path: &[String]) -> usize {
    match path.first().map(String::as_str) {
        Some("webWidget") => match path.get(1).map(String::as_str) {
            Some("authenticate") => 4,
            Some("chat" | "contactForm" | "helpCenter" | "launcher" | "talk" | "answerBot") => 3,
            _ => 2,
        },
        _ => 1,
    }
}

fn sink_lang(name: &str) -> Option<Lang> {
    match name {
        "eval" | "setTimeout" | "setInterval" | "Function" | "execScript" => Some(Lang::Js(SourceType::cjs())),
        "write"
        | "writeln"
        | "insertAdjacentHTML"
        | "html"
        | "append"
        | "prepend"
        | "createContextualFragment"
        | "after"
        | "before" => Some(Lang::Markup),
        _ => None,
    }
}

fn holds_script(s: &str) -> bool {
    s.contains("<script") || s.contains("<SCRIPT")
}

fn is_function(e: &Expression) -> bool {
    matches!(e.get_inner_expression(), Expression::FunctionExpression(_) | Expression::ArrowFunctionExpression(_))
}

/// The value of a string literal or a template literal without expressions.
fn literal(e: &Expression) -> Option<String> {
    match e.get_inner_expression() {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() => {
            t.quasis.first().and_then(|q| q.value.cooked.as_ref()).map(|c| c.to_string())
        }
        _ => None,
    }
}

fn one_line(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 60 { format!("{}…", s.chars().take(59).collect::<String>()) } else { s }
}

fn is_stub(e: &Expression) -> bool {
    match e.get_inner_expression() {
        Expression::NullLiteral(_) | Expression::ObjectExpression(_) => true,
        Expression::Identifier(id) => id.name == "undefined",
        Expression::UnaryExpression(u) => u.operator == UnaryOperator::Void,
        Expression::FunctionExpression(f) => f.body.as_ref().is_some_and(|b| b.statements.is_empty()),
        Expression::ArrowFunctionExpression(f) => f.body.statements.is_empty(),
        Expression::CallExpression(c) => {
            let callee = match c.callee.get_inner_expression() {
                Expression::StaticMemberExpression(m) => {
                    format!(
                        "{}.{}",
                        m.object.get_inner_expression().get_identifier_reference().map_or("", |i| i.name.as_str()),
                        m.property.name
                    )
                }
                _ => String::new(),
            };
            matches!(callee.as_str(), "jest.fn" | "vi.fn" | "sinon.stub" | "sinon.spy" | "jasmine.createSpy")
        }
        _ => false,
    }
}

impl<'a> Visit<'a> for Visitor<'_, '_> {
    fn visit_if_statement(&mut self, it: &oxc_ast::ast::IfStatement<'a>) {
        let g = self.widget_test(&it.test);
        self.guarded += usize::from(g);
        walk::walk_if_statement(self, it);
        self.guarded -= usize::from(g);
    }

    fn visit_conditional_expression(&mut self, it: &oxc_ast::ast::ConditionalExpression<'a>) {
        let g = self.widget_test(&it.test);
        self.guarded += usize::from(g);
        walk::walk_conditional_expression(self, it);
        self.guarded -= usize::from(g);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(init) = &it.init {
            self.kept_script(init);
        }
        if let (BindingPatternKind::BindingIdentifier(id), Some(init)) = (&it.id.kind, &it.init) {
            if let Some((p, _)) = self.path(init)
                && ROOTS.contains(&p[0].as_str())
                && !(p.len() == 1 && p[0] == id.name.as_str())
            {
                self.aliases.insert(id.name.to_string(), p);
            }
            if matches!(id.name.as_str(), "zESettings" | "zeSettings")
                && let Expression::ObjectExpression(o) = init.get_inner_expression()
            {
                if id.name == "zeSettings" {
                    self.hit(it.span, "zeSettings".into(), Api::SuspectedBug(Bug::ZeSettingsTypo), None);
                } else {
                    self.settings(o, &[], false, it.span);
                }
            }
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &oxc_ast::ast::AssignmentExpression<'a>) {
        let left = match &it.left {
            AssignmentTarget::AssignmentTargetIdentifier(id) => Some((vec![id.name.to_string()], None)),
            t => t.as_member_expression().and_then(|m| {
                // Rebuild the path through the member's object and property.
                let (mut p, a) = self.path(m.object())?;
                p.push(m.static_property_name()?.to_string());
                while p.len() > 1 && matches!(p[0].as_str(), "window" | "globalThis" | "self" | "top" | "parent") {
                    p.remove(0);
                }
                Some((p, a))
            }),
        };
        if let Some((p, _)) = left {
            let names: Vec<&str> = p.iter().map(String::as_str).collect();
            match names.as_slice() {
                ["zESettings"] => match it.right.get_inner_expression() {
                    Expression::ObjectExpression(o) => self.settings(o, &[], false, it.span),
                    Expression::LogicalExpression(_) => {}
                    _ => self.hit(
                        it.span,
                        "zESettings = …".into(),
                        Api::Dynamic("zESettings is set from a variable".into()),
                        None,
                    ),
                },
                ["zESettings", rest @ ..] => {
                    let path: Vec<String> = rest.iter().map(|s| (*s).to_owned()).collect();
                    match it.right.get_inner_expression() {
                        Expression::ObjectExpression(o) if path.len() < group_len(&path) => {
                            self.settings(o, &path, false, it.span)
                        }
                        _ => {
                            let key = path[..group_len(&path).min(path.len())].join(".");
                            self.hit(it.span, format!("zESettings.{key}"), Api::SettingsKey(key), None);
                        }
                    }
                }
                ["zeSettings", ..] => {
                    self.hit(it.span, "zeSettings".into(), Api::SuspectedBug(Bug::ZeSettingsTypo), None)
                }
                ["zE" | "$zopim"] if is_stub(&it.right) => {
                    self.hit(
                        it.span,
                        format!("{} = {}", names[0], one_line(self.slice(it.right.span()))),
                        Api::Risk(Risk::GlobalOverwritten),
                        None,
                    );
                }
                [.., "innerHTML" | "outerHTML"] => self.run_string(&it.right, Lang::Markup),
                [.., "text" | "textContent" | "innerText"] => self.run_string(&it.right, Lang::Js(SourceType::cjs())),
                [name] if !ROOTS.contains(name) => {
                    self.kept_script(&it.right);
                    if let Some((rp, _)) = self.path(&it.right)
                        && rp.len() > 1
                        && ROOTS.contains(&rp[0].as_str())
                    {
                        self.aliases.insert((*name).to_owned(), rp);
                    }
                }
                _ => {}
            }
        }
        walk::walk_assignment_expression(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Some((p, alias)) = self.path(&it.callee)
            && !(self.shadowed.contains(&p[0]) && bare_root(&it.callee).is_some_and(|r| r == p[0]))
        {
            self.zembed = alias.as_deref() == Some("zEmbed");
            self.call(it, &p, alias);
            self.zembed = false;
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        if let Some((p, _)) = self.path(&it.callee)
            && p.last().is_some_and(|l| l == "Function")
            && let Some(body) = it.arguments.last().and_then(|a| a.as_expression())
        {
            self.run_string(body, Lang::Js(SourceType::cjs()));
        }
        walk::walk_new_expression(self, it);
    }

    fn visit_unary_expression(&mut self, it: &UnaryExpression<'a>) {
        if it.operator == UnaryOperator::Delete
            && let Some(m) = it.argument.as_member_expression()
            && let Some(name) = m.static_property_name()
            && matches!(name, "zE" | "$zopim")
        {
            self.hit(
                it.span,
                format!("delete {}", one_line(self.slice(it.argument.span()))),
                Api::Risk(Risk::GlobalOverwritten),
                None,
            );
        }
        walk::walk_unary_expression(self, it);
    }

    fn visit_object_property(&mut self, it: &oxc_ast::ast::ObjectProperty<'a>) {
        if it.key.static_name().is_some_and(|k| k == "__html") {
            self.run_string(&it.value, Lang::Markup);
        } else if it.key.static_name().is_some_and(|k| k == "directives")
            && let Expression::ObjectExpression(o) = it.value.get_inner_expression()
        {
            // helmet's contentSecurityPolicy directives.
            let dirs: Vec<(String, Vec<String>)> = o
                .properties
                .iter()
                .filter_map(|p| match p {
                    ObjectPropertyKind::ObjectProperty(p) => {
                        let name = p.key.static_name()?.into_owned();
                        let Expression::ArrayExpression(a) = p.value.get_inner_expression() else { return None };
                        let sources = a.elements.iter().filter_map(|e| e.as_expression().and_then(literal)).collect();
                        Some((name, sources))
                    }
                    ObjectPropertyKind::SpreadProperty(_) => None,
                })
                .collect();
            super::site::policy_directives(&dirs, it.span.start as usize, self.hits);
        } else {
            self.kept_script(&it.value);
        }
        walk::walk_object_property(self, it);
    }

    // A string holding a script counts only where it may run: handed to a sink (above), or
    // kept in a variable, a property or a return value for later injection. An argument of
    // another call (`console.log`, a translation) or an operand never runs.
    fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
        let v = it.value.as_str();
        if !holds_script(v) && !self.handled.contains(&it.span.start) {
            self.string_mentions(v, it.span);
            // A Content Security Policy in code (Next.js headers, res.setHeader).
            if v.contains("-src") {
                super::site::policy_text(v, it.span.start as usize, self.hits, self.context);
            }
        }
    }

    fn visit_return_statement(&mut self, it: &oxc_ast::ast::ReturnStatement<'a>) {
        if let Some(e) = &it.argument {
            self.kept_script(e);
        }
        walk::walk_return_statement(self, it);
    }

    fn visit_template_literal(&mut self, it: &TemplateLiteral<'a>) {
        let raw = self.slice(it.span);
        if holds_script(raw) {
            // Scanned only where it may run (see visit_string_literal).
        } else if !self.handled.contains(&it.span.start) {
            let joined: String = it.quasis.iter().map(|q| q.value.raw.as_str()).collect();
            self.string_mentions(&joined, it.span);
        }
        walk::walk_template_literal(self, it);
    }
}
