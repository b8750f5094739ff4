//! Value types that accept what real Chat API responses contain.
//!
//! The captures in `research/samples/` show the same field spelled several ways: `enabled`
//! as `true` or `1`, plan limits as a number or `"unlimited"`, ids as numbers in one
//! endpoint and strings in another, dates with a stray `Z` after an offset. The export is
//! supposed to hold responses exactly as the API returns them, so the model bends instead
//! of the user (export-format.md, "Parsing rules seen in real responses").

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A boolean that may be written `true`/`false`, `1`/`0` or `"true"`/`"1"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Flag(pub bool);

impl Flag {
    pub fn get(self) -> bool {
        self.0
    }
}

impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(self.0)
    }
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a boolean (true/false or 1/0)")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Flag, E> {
                Ok(Flag(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Flag, E> {
                match v {
                    0 => Ok(Flag(false)),
                    1 => Ok(Flag(true)),
                    _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Flag, E> {
                match v {
                    0 => Ok(Flag(false)),
                    1 => Ok(Flag(true)),
                    _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Flag, E> {
                match v.trim().to_ascii_lowercase().as_str() {
                    "true" | "1" => Ok(Flag(true)),
                    "false" | "0" => Ok(Flag(false)),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A plan limit: a count, or `"unlimited"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Count(u64),
    Unlimited,
}

impl Serialize for Limit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Limit::Count(n) => s.serialize_u64(*n),
            Limit::Unlimited => s.serialize_str("unlimited"),
        }
    }
}

impl<'de> Deserialize<'de> for Limit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Limit;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a count or \"unlimited\"")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Limit, E> {
                Ok(Limit::Count(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Limit, E> {
                u64::try_from(v).map(Limit::Count).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Limit, E> {
                if v >= 0.0 && v.fract() == 0.0 && v < 1e15 {
                    Ok(Limit::Count(v as u64))
                } else {
                    Err(E::invalid_value(de::Unexpected::Float(v), &self))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Limit, E> {
                if v.eq_ignore_ascii_case("unlimited") {
                    return Ok(Limit::Unlimited);
                }
                v.trim().parse().map(Limit::Count).map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(V)
    }
}

/// An object id. Chat sends department ids as numbers, agent ids inside chats as strings,
/// and shortcut ids as names; they are kept as their decimal or literal text so they
/// compare equal wherever they come from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Id {
    fn from(s: &str) -> Self {
        Id(s.to_owned())
    }
}

impl From<u64> for Id {
    fn from(n: u64) -> Self {
        Id(n.to_string())
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Numeric ids stay numbers in our output, as the API wrote them.
        match self.0.parse::<u64>() {
            Ok(n) if n.to_string() == self.0 => s.serialize_u64(n),
            _ => s.serialize_str(&self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id (number or string)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Id, E> {
                if v >= 0.0 && v.fract() == 0.0 && v < 9.0e15 {
                    Ok(Id((v as u64).to_string()))
                } else {
                    Err(E::invalid_value(de::Unexpected::Float(v), &self))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                if v.is_empty() {
                    return Err(E::invalid_value(de::Unexpected::Str(v), &self));
                }
                Ok(Id(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A string, or a list of strings (OAuth `scopes`/`redirect_uris` come both ways).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StringList(pub Vec<String>);

impl<'de> Deserialize<'de> for StringList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Many(Vec<String>),
        }
        Ok(match Raw::deserialize(d)? {
            Raw::One(s) => StringList(s.split_whitespace().map(str::to_owned).collect()),
            Raw::Many(v) => StringList(v),
        })
    }
}

/// A timestamp as the APIs write it. Real captures carry `2012-04-02t22:55:29z` (lower
/// case) and `2017-04-24T12:45:32+00:00Z` (offset and `Z`); both are read as UTC instants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub jiff::Timestamp);

impl Timestamp {
    /// Parse leniently; `None` when the text is not a date at all.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let mut s = text.trim().to_ascii_uppercase();
        if s.is_empty() {
            return None;
        }
        // `+00:00Z`: an offset followed by a redundant Z.
        if s.len() > 7 && s.ends_with('Z') {
            let before = &s[..s.len() - 1];
            let tail = &before[before.len().saturating_sub(6)..];
            if (tail.starts_with('+') || tail.starts_with('-')) && tail.as_bytes()[3] == b':' {
                s.pop();
            }
        }
        if let Ok(ts) = s.parse::<jiff::Timestamp>() {
            return Some(Timestamp(ts));
        }
        // No offset at all: the APIs mean UTC.
        if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
            return dt.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| Timestamp(z.timestamp()));
        }
        if let Ok(d) = s.parse::<jiff::civil::Date>() {
            return d.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| Timestamp(z.timestamp()));
        }
        None
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Whole seconds, `Z`: the stable form used in every output.
        let secs = self.0.as_second();
        match jiff::Timestamp::from_second(secs) {
            Ok(t) => write!(f, "{t}"),
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date and time such as 2026-11-02T09:30:00Z")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
                let secs = i64::try_from(v).map_err(|_| E::custom("timestamp out of range"))?;
                jiff::Timestamp::from_second(secs).map(Timestamp).map_err(|_| E::custom("timestamp out of range"))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
                jiff::Timestamp::from_second(v).map(Timestamp).map_err(|_| E::custom("timestamp out of range"))
            }
        }
        d.deserialize_any(V)
    }
}

/// A model object that must be a JSON object.
///
/// A derived `Deserialize` also accepts a JSON array, filling the fields in order: `[]`
/// in `chat/widget.json` would read as "no form, no authentication" and silently decide
/// the segment. And serde's errors quote the rejected value: a string where the
/// visitor-authentication object belongs (`"visitor_authentication": "s3cret"`) would print
/// the secret. Types declared with [`object_only!`] accept only an object and refuse
/// anything else by its kind, never its value ("invalid type: string, expected a
/// visitor-authentication object").
pub trait FromObject: Sized {
    /// What the object is, for "expected …" in errors.
    const WHAT: &'static str;
    /// The derived reading of the object's fields.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Read a [`FromObject`]: an object, or an error that names what was found.
pub fn object<'de, D: Deserializer<'de>, T: FromObject>(d: D) -> Result<T, D::Error> {
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: FromObject> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(T::WHAT)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<T, E> {
            Err(E::invalid_type(de::Unexpected::Other("string"), &self))
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<T, E> {
            Err(E::invalid_type(de::Unexpected::Other("boolean"), &self))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<T, E> {
            Err(E::invalid_type(de::Unexpected::Other("integer"), &self))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<T, E> {
            Err(E::invalid_type(de::Unexpected::Other("integer"), &self))
        }
        fn visit_i128<E: de::Error>(self, _: i128) -> Result<T, E> {
            Err(E::invalid_type(de::Unexpected::Other("integer"), &self))
        }
        fn visit_u128<E: de::Error>(self, _: u128) -> Result<T, E> {
            Err(E::invalid_type(de::Unexpected::Other("integer"), &self))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<T, E> {
            Err(E::invalid_type(de::Unexpected::Other("floating point"), &self))
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<T, A::Error> {
            Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
        }
    }
    // `deserialize_any`, not `deserialize_map`: asked for a map, serde_json reports a
    // string it finds by quoting it, before any visitor could keep it out.
    d.deserialize_any(V(std::marker::PhantomData))
}

/// Make a struct an object-only [`FromObject`]: derive its `Deserialize` with
/// `#[serde(remote = "Self")]` (the derived reading becomes an inherent function) and
/// declare it here with what it is.
macro_rules! object_only {
    ($($t:ty => $what:literal),+ $(,)?) => {$(
        impl $crate::account::lenient::FromObject for $t {
            const WHAT: &'static str = $what;
            fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
                <$t>::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::account::lenient::object(d)
            }
        }
    )+};
}
pub(crate) use object_only;

/// A map whose keys must be unique: serde's maps keep the last of a key written twice and
/// drop the other value unseen (a department's schedule written twice).
pub fn unique_keys<'de, D, K, V>(d: D) -> Result<std::collections::BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + fmt::Display,
    V: Deserialize<'de>,
{
    struct Vis<K, V>(std::marker::PhantomData<(K, V)>);
    impl<'de, K, V> Visitor<'de> for Vis<K, V>
    where
        K: Deserialize<'de> + Ord + fmt::Display,
        V: Deserialize<'de>,
    {
        type Value = std::collections::BTreeMap<K, V>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = std::collections::BTreeMap::new();
            while let Some(k) = map.next_key::<K>()? {
                let shown = format!("{:?}", k.to_string());
                let v = map.next_value::<V>()?;
                if out.insert(k, v).is_some() {
                    return Err(de::Error::custom(format!("key {shown} appears twice; write it once")));
                }
            }
            Ok(out)
        }
    }
    d.deserialize_map(Vis(std::marker::PhantomData))
}

/// A list that may be `null` in real responses (read as empty).
pub fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_accepts_bool_and_int() {
        let v: Vec<Flag> = serde_json::from_str(r#"[true, false, 1, 0, "1", "false"]"#).unwrap();
        assert_eq!(v.iter().map(|f| f.0).collect::<Vec<_>>(), [true, false, true, false, true, false]);
        assert!(serde_json::from_str::<Flag>("2").is_err());
    }

    #[test]
    fn limit_accepts_unlimited() {
        let v: Vec<Limit> = serde_json::from_str(r#"[5, "unlimited", "7"]"#).unwrap();
        assert_eq!(v, [Limit::Count(5), Limit::Unlimited, Limit::Count(7)]);
    }

    #[test]
    fn timestamps_from_real_captures() {
        let a = Timestamp::parse("2017-04-24T12:45:32+00:00Z").unwrap();
        let b = Timestamp::parse("2017-04-24T12:45:32Z").unwrap();
        assert_eq!(a, b);
        let c = Timestamp::parse("2012-04-02t22:55:29z").unwrap();
        assert_eq!(c.to_string(), "2012-04-02T22:55:29Z");
        let d = Timestamp::parse("2017-04-24T04:36:44.807000Z").unwrap();
        assert_eq!(d.to_string(), "2017-04-24T04:36:44Z");
        assert!(Timestamp::parse("yesterday").is_none());
    }

    #[test]
    fn ids_compare_across_spellings() {
        let a: Id = serde_json::from_str("7282630247567").unwrap();
        let b: Id = serde_json::from_str("\"7282630247567\"").unwrap();
        assert_eq!(a, b);
        assert_eq!(serde_json::to_string(&a).unwrap(), "7282630247567");
        let s: Id = serde_json::from_str("\"help\"").unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"help\"");
    }
}
