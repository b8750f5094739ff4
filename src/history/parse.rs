//! One line of `chat/chats.jsonl` into compact records, reading only the fields the
//! figures and the plan's sets need.
//!
//! This is the hot path of a multi-GB scan, so nothing here allocates per line: the id is
//! hashed as it is read, times become `u32` seconds, `rating` becomes a flag, the
//! department's name and the hosts of `webpath` are borrowed from the line and added to
//! capped sets ([`super::usage`]; a name already there costs a lookup), and everything
//! else in a chat (the `history`, `visitor`, `session` details and so on, which are most of
//! its bytes) is skipped by serde_json without being built. A line may also hold a whole incremental-export page,
//! `{"chats":[…],"count":…,"next_page":…}`; its chats are read one by one so that one bad
//! chat does not cost the page.

use std::borrow::Cow;
use std::fmt;
use std::hash::Hasher as _;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, Visitor};
use serde_json::value::RawValue;

#[cfg(test)]
use super::chatset::RecExt;
use super::chatset::{self, Rec};
use super::usage::{self, Seen};
use crate::account::lenient::{Flag, Timestamp};

/// One chat object as the figures see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ChatObject {
    pub rec: Rec,
    /// `update_timestamp`, seconds (0 when absent): to notice a file out of export order.
    pub updated: u32,
    /// `type` was neither `chat` nor `offline_msg`.
    pub unknown_kind: bool,
}

/// Fields of a chat object (or of a page line, which has `chats` instead of `id`).
#[derive(Deserialize)]
#[serde(expecting = "a chat object, or an export page {\"chats\": [...]}")]
struct Fields<'a> {
    #[serde(default)]
    id: Option<IdHash>,
    #[serde(rename = "type", default)]
    kind: Option<Kind>,
    #[serde(default)]
    timestamp: Option<Seconds>,
    #[serde(default)]
    end_timestamp: Option<Seconds>,
    #[serde(default)]
    update_timestamp: Option<Seconds>,
    #[serde(default)]
    duration: Option<Duration>,
    #[serde(default)]
    session: Option<Session>,
    /// Absent (`None`), `null` (`Some(None)`) or a ticket id (`Some(Some(_))`): an update
    /// that leaves the key out must not erase the ticket an earlier line gave.
    #[serde(default, deserialize_with = "present")]
    zendesk_ticket_id: Option<Option<IgnoredAny>>,
    #[serde(default)]
    deleted: Option<Flag>,
    /// Absent, `null` (not rated) or a rating (`good`, `bad`).
    #[serde(default, deserialize_with = "present")]
    rating: Option<Option<IgnoredAny>>,
    /// Kept raw and read leniently in [`object`]: these only add to the plan's sets, so a
    /// value of another shape is ignored instead of costing the chat.
    #[serde(borrow, default)]
    department_name: Option<&'a RawValue>,
    #[serde(borrow, default)]
    webpath: Option<&'a RawValue>,
    #[serde(borrow, default)]
    chats: Option<Vec<&'a RawValue>>,
}

/// A string, borrowed from the line unless it holds escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// One page of `webpath`: the page the visitor went `to` (`from`, `title` and `timestamp`
/// are skipped).
#[derive(Deserialize)]
struct Page<'a> {
    #[serde(borrow, default)]
    to: Option<Text<'a>>,
}

/// The hosts of a chat's `webpath` pages, the first few distinct ones, without a
/// heap allocation unless an address holds escapes.
#[derive(Default)]
struct Webpath<'a> {
    hosts: [Option<Cow<'a, str>>; 4],
}

impl<'de: 'a, 'a> Deserialize<'de> for Webpath<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Webpath<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the pages the visitor went through (webpath), a list")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Webpath<'de>, A::Error> {
                let mut w = Webpath::default();
                while let Some(p) = seq.next_element::<Page<'de>>()? {
                    let Some(Text(to)) = p.to else { continue };
                    let host = match to {
                        Cow::Borrowed(b) => usage::host(b).map(Cow::Borrowed),
                        Cow::Owned(o) => usage::host(&o).map(|h| Cow::Owned(h.to_owned())),
                    };
                    let Some(host) = host else { continue };
                    if w.hosts.iter().flatten().any(|h| *h == host) {
                        continue;
                    }
                    if let Some(slot) = w.hosts.iter_mut().find(|s| s.is_none()) {
                        *slot = Some(host);
                    }
                }
                Ok(w)
            }
        }
        d.deserialize_seq(V)
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
#[serde(expecting = "the chat's session, an object")]
struct Session {
    start_date: Option<Seconds>,
    end_date: Option<Seconds>,
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<IgnoredAny>>, D::Error> {
    Option::<IgnoredAny>::deserialize(d).map(Some)
}

/// What a line held.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Parsed {
    /// Chat objects were passed on (one, or a page of them); `bad` lists chats of a page
    /// that could not be read, as (index in `chats`, reason).
    Chats { bad: Vec<(usize, String)> },
}

/// Read one line (without its newline) and pass each chat object to `sink`. An `Err` is
/// the reason the whole line is bad.
pub(super) fn line(text: &[u8], seen: &mut Seen, sink: &mut impl FnMut(ChatObject)) -> Result<Parsed, String> {
    // serde would read a JSON array into the struct field by field: only objects are chats.
    if text.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(NOT_AN_OBJECT.to_owned());
    }
    let f: Fields<'_> = serde_json::from_slice(text).map_err(|e| reason(&e))?;
    if f.id.is_none() {
        if let Some(chats) = f.chats {
            // An incremental-export page saved as one line.
            let mut bad = Vec::new();
            for (i, raw) in chats.iter().enumerate() {
                let result = Some(raw.get())
                    .filter(|r| r.starts_with('{'))
                    .ok_or_else(|| NOT_AN_OBJECT.to_owned())
                    .and_then(|r| serde_json::from_str::<Fields<'_>>(r).map_err(|e| reason(&e)))
                    .and_then(
                        |c| if c.chats.is_some() { Err("a page inside a page".to_owned()) } else { object(c, seen) },
                    );
                match result {
                    Ok(obj) => sink(obj),
                    Err(why) => bad.push((i, why)),
                }
            }
            return Ok(Parsed::Chats { bad });
        }
    }
    sink(object(f, seen)?);
    Ok(Parsed::Chats { bad: Vec::new() })
}

const NOT_AN_OBJECT: &str = "not a JSON object: expected a chat object, or an export page {\"chats\": [...]}";

fn object(f: Fields<'_>, seen: &mut Seen) -> Result<ChatObject, String> {
    let Some(IdHash(hash)) = f.id else {
        return Err("not a chat object: no `id`".to_owned());
    };
    let session = f.session.as_ref();
    // The chat's own start; the visitor's session start only when the chat has none.
    let start = f.timestamp.or_else(|| session.and_then(|s| s.start_date)).map_or(0, |s| s.0);
    let end = match (f.end_timestamp, f.duration) {
        (Some(e), _) => e.0,
        (None, Some(d)) if start != 0 => start.saturating_add(d.0),
        _ => session.and_then(|s| s.end_date).map_or(0, |s| s.0),
    };
    let mut flags = 0u64;
    if let Some(t) = f.zendesk_ticket_id {
        flags |= chatset::TICKET_SET;
        if t.is_some() {
            flags |= chatset::TICKET;
        }
    }
    if let Some(d) = f.deleted {
        flags |= chatset::DELETED_SET;
        if d.get() {
            flags |= chatset::DELETED;
        }
    }
    if let Some(r) = f.rating {
        flags |= chatset::RATING_SET;
        if r.is_some() {
            flags |= chatset::RATED;
        }
    }
    // Sets of names, for the whole file: a later line of the same chat adds nothing new.
    if let Some(Text(d)) = f.department_name.and_then(|r| serde_json::from_str::<Text<'_>>(r.get()).ok()) {
        if !d.trim().is_empty() {
            seen.departments.add(d.trim());
        }
    }
    if let Some(w) = f.webpath.and_then(|r| serde_json::from_str::<Webpath<'_>>(r.get()).ok()) {
        for h in w.hosts.iter().flatten() {
            seen.site(h);
        }
    }
    let mut unknown_kind = false;
    if let Some(k) = f.kind {
        flags |= chatset::KIND_SET;
        match k {
            Kind::Chat => {}
            Kind::Offline => flags |= chatset::OFFLINE,
            Kind::Other => unknown_kind = true,
        }
    }
    Ok(ChatObject {
        rec: chatset::rec(hash, flags, start, end),
        updated: f.update_timestamp.map_or(0, |s| s.0),
        unknown_kind,
    })
}

/// serde_json's message without its "at line 1 column N" (every line is line 1 to it).
fn reason(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = msg.rfind(" at line ").map_or(msg.as_str(), |i| &msg[..i]);
    if e.column() > 0 { format!("column {}: {msg}", e.column()) } else { msg.to_owned() }
}

/// The chat id, hashed while it is read. Ids are strings in the API; a number is hashed as
/// its decimal digits so that `123` and `"123"` are the same chat.
struct IdHash(u64);

fn hash_bytes(b: &[u8]) -> u64 {
    // SipHash with fixed keys: well spread, and the same in every run.
    let mut h = std::hash::DefaultHasher::new();
    h.write(b);
    h.finish()
}

impl<'de> Deserialize<'de> for IdHash {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = IdHash;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a chat id (a string)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IdHash, E> {
                if v.trim().is_empty() {
                    return Err(E::custom("the chat id is empty"));
                }
                Ok(IdHash(hash_bytes(v.as_bytes())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IdHash, E> {
                let mut buf = [0u8; 20];
                let mut i = buf.len();
                let mut n = v;
                loop {
                    i -= 1;
                    buf[i] = b'0' + (n % 10) as u8;
                    n /= 10;
                    if n == 0 {
                        break;
                    }
                }
                Ok(IdHash(hash_bytes(&buf[i..])))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IdHash, E> {
                u64::try_from(v).map_err(|_| E::custom("a chat id cannot be negative")).and_then(|v| self.visit_u64(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Chat,
    Offline,
    Other,
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Kind;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a chat type (\"chat\" or \"offline_msg\")")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
                Ok(match v {
                    "chat" => Kind::Chat,
                    "offline_msg" => Kind::Offline,
                    _ => Kind::Other,
                })
            }
        }
        d.deserialize_str(V)
    }
}

/// A point in time as seconds since 1970, in `1..=u32::MAX` (0 means "not given" in the
/// records). Dates are read leniently, like everywhere else (`lenient::Timestamp`): the
/// common `2017-04-24T04:36:45Z` shape is parsed by hand, anything else by jiff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Seconds(pub u32);

impl Seconds {
    fn from_unix<E: de::Error>(s: i64) -> Result<Seconds, E> {
        match u32::try_from(s) {
            Ok(v) if v > 0 => Ok(Seconds(v)),
            _ => Err(E::custom(format!("date out of range (unix time {s})"))),
        }
    }
}

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Seconds;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date and time such as 2017-04-24T04:36:45Z")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Seconds, E> {
                let secs = match fast_utc(v.as_bytes()) {
                    Some(s) => s,
                    None => match Timestamp::parse(v) {
                        Some(t) => t.0.as_second(),
                        None => return Err(E::custom(format!("{v:?} is not a date"))),
                    },
                };
                Seconds::from_unix(secs)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Seconds, E> {
                Seconds::from_unix(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Seconds, E> {
                Seconds::from_unix(v)
            }
        }
        d.deserialize_any(V)
    }
}

/// `duration` in seconds (the API writes an integer; a float or a numeric string is taken).
#[derive(Clone, Copy)]
struct Duration(u32);

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration in seconds")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Duration, E> {
                u32::try_from(v).map(Duration).map_err(|_| E::custom(format!("duration {v} is out of range")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Duration, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom(format!("duration {v} is negative")))
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Duration, E> {
                if v.is_finite() && (0.0..=f64::from(u32::MAX)).contains(&v) {
                    Ok(Duration(v.round() as u32))
                } else {
                    Err(E::custom(format!("duration {v} is out of range")))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
                v.trim()
                    .parse::<f64>()
                    .map_err(|_| E::custom(format!("duration {v:?} is not a number")))
                    .and_then(|f| self.visit_f64(f))
            }
        }
        d.deserialize_any(V)
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+00:00|+00:00Z)` to unix seconds, or `None` for any
/// other shape (which the lenient parser then gets). Keeps jiff's rules: a date that does
/// not exist is not a date.
pub(super) fn fast_utc(b: &[u8]) -> Option<i64> {
    if b.len() < 20 {
        return None;
    }
    let d = |i: usize| -> Option<i64> {
        let c = b[i];
        if c.is_ascii_digit() { Some(i64::from(c - b'0')) } else { None }
    };
    let n2 = |i: usize| -> Option<i64> { Some(d(i)? * 10 + d(i + 1)?) };
    if b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b't') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = n2(0)? * 100 + n2(2)?;
    let (month, day, hour, minute, second) = (n2(5)?, n2(8)?, n2(11)?, n2(14)?, n2(17)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut rest = &b[19..];
    if let [b'.', tail @ ..] = rest {
        let digits = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        rest = &tail[digits..];
    }
    match rest {
        b"Z" | b"z" | b"+00:00" | b"+00:00Z" | b"+00:00z" => {}
        _ => return None,
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub(super) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Result<ChatObject, String> {
        let mut got = Vec::new();
        line(s.as_bytes(), &mut Seen::default(), &mut |c| got.push(c))?;
        assert_eq!(got.len(), 1);
        Ok(got[0])
    }

    #[test]
    fn fast_path_agrees_with_jiff() {
        for s in [
            "2017-04-24T04:36:45Z",
            "2017-04-24T04:36:44.807000Z",
            "2017-04-24T12:45:32+00:00Z",
            "2000-02-29T23:59:59Z",
            "1970-01-01T00:00:01Z",
            "2106-02-07T06:28:15Z",
            "2024-12-31T00:00:00.5Z",
        ] {
            let jiff = Timestamp::parse(s).unwrap().0.as_second();
            assert_eq!(fast_utc(s.as_bytes()), Some(jiff), "{s}");
        }
        for s in ["2017-02-29T00:00:00Z", "2017-04-24T24:00:00Z", "2017-04-24 04:36:45Z", "2017-04-24T04:36:45+02:00"] {
            assert_eq!(fast_utc(s.as_bytes()), None, "{s}");
        }
        // Shapes the fast path leaves to jiff still parse.
        assert_eq!(
            Seconds::deserialize(&serde_json::Value::from("2017-04-24T06:36:45+02:00")).unwrap(),
            Seconds(u32::try_from(fast_utc(b"2017-04-24T04:36:45Z").unwrap()).unwrap())
        );
    }

    #[test]
    fn reads_the_fields_and_skips_the_rest() {
        let c = one(r#"{"id":"a","type":"chat","timestamp":"1970-01-01T00:01:40Z","duration":50,"history":[{"x":[1,{"y":"}"}]}],"zendesk_ticket_id":7}"#).unwrap();
        assert_eq!((c.rec.start(), c.rec.end()), (100, 150));
        assert!(c.rec.has(chatset::TICKET_SET | chatset::TICKET));
        assert!(!c.rec.has(chatset::DELETED_SET));
        let c = one(r#"{"id":"a","zendesk_ticket_id":null,"deleted":1,"session":{"start_date":"1970-01-01T00:00:10Z","end_date":"1970-01-01T00:00:20Z"}}"#).unwrap();
        assert_eq!((c.rec.start(), c.rec.end()), (10, 20));
        assert!(c.rec.has(chatset::TICKET_SET) && !c.rec.has(chatset::TICKET));
        assert!(c.rec.has(chatset::DELETED_SET | chatset::DELETED));
        // Numeric and string ids are the same chat.
        assert_eq!(one(r#"{"id":123}"#).unwrap().rec.hash(), one(r#"{"id":"123"}"#).unwrap().rec.hash());
    }

    #[test]
    fn ratings_departments_and_sites_are_read_without_a_value_per_chat() {
        let mut seen = Seen::default();
        let mut got = Vec::new();
        let text = br#"{"id":"a","rating":"good","department_name":"Sales","webpath":[{"from":"x","to":"https://www.shop.example/a"},{"to":"https:\/\/www.shop.example\/b"},{"to":"about:blank"},{"title":"no to"}]}"#;
        line(text, &mut seen, &mut |c| got.push(c)).unwrap();
        line(br#"{"id":"b","rating":null,"department_name":null,"webpath":null}"#, &mut seen, &mut |c| got.push(c))
            .unwrap();
        line(br#"{"id":"c"}"#, &mut seen, &mut |c| got.push(c)).unwrap();
        assert!(got[0].rec.has(chatset::RATING_SET | chatset::RATED));
        assert!(got[1].rec.has(chatset::RATING_SET) && !got[1].rec.has(chatset::RATED));
        assert!(!got[2].rec.has(chatset::RATING_SET), "an absent rating leaves an earlier line's");
        assert_eq!(seen.departments.names.iter().collect::<Vec<_>>(), ["Sales"]);
        assert_eq!(seen.sites.names.iter().collect::<Vec<_>>(), ["www.shop.example"]);
        // Another shape costs nothing but the name: the chat is still read.
        let mut other = Seen::default();
        line(br#"{"id":"d","department_name":7,"webpath":"x"}"#, &mut other, &mut |c| got.push(c)).unwrap();
        line(br#"{"id":"e","webpath":[{"to":5},"y"]}"#, &mut other, &mut |c| got.push(c)).unwrap();
        assert_eq!((got.len(), other), (5, Seen::default()));
    }

    #[test]
    fn bad_lines_say_why() {
        assert!(one(r#"{"type":"chat"}"#).unwrap_err().contains("no `id`"));
        assert!(one(r#"{"id":"a","timestamp":"yesterday"}"#).unwrap_err().contains("\"yesterday\" is not a date"));
        assert!(one(r#"{"id":"a""#).unwrap_err().starts_with("column "));
        assert_eq!(one(r#"["a","chat"]"#).unwrap_err(), NOT_AN_OBJECT);
        assert!(one(r#"{"id":"a","session":"x"}"#).unwrap_err().contains("expected the chat's session, an object"));
    }

    #[test]
    fn a_page_line_gives_its_chats_and_its_bad_ones() {
        let mut got = Vec::new();
        let page = br#"{"chats":[{"id":"a"},{"id":"b","timestamp":"no"},{"id":"c"},["d"]],"count":4}"#;
        let p = line(page, &mut Seen::default(), &mut |c| got.push(c)).unwrap();
        assert_eq!(got.len(), 2);
        let Parsed::Chats { bad } = p;
        assert_eq!(bad.iter().map(|b| b.0).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(bad[1].1, NOT_AN_OBJECT);
    }
}
