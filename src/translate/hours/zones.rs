//! IANA time zones to the names Zendesk schedules take.
//!
//! Support schedules carry Rails-style names ("Pacific Time (US & Canada)", K11,
//! chat-api.md §6), the keys of ActiveSupport's `TimeZone::MAPPING`. Chat operating hours
//! use IANA names. An IANA zone maps to the Rails name that points at it (preferring the
//! one named after the same city); a zone Rails does not list (`America/Toronto`) maps to
//! the first Rails zone whose UTC offsets agree with it at every sampled instant over
//! three years around the export's year, and the plan says so; a zone with no such twin is left to a person.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

pub use crate::plan::payload::ZoneMatch;

/// Rails time-zone names and the IANA zone each stands for (ActiveSupport 7).
pub const RAILS_ZONES: &[(&str, &str)] = &[
    ("International Date Line West", "Etc/GMT+12"),
    ("Midway Island", "Pacific/Midway"),
    ("American Samoa", "Pacific/Pago_Pago"),
    ("Hawaii", "Pacific/Honolulu"),
    ("Alaska", "America/Juneau"),
    ("Pacific Time (US & Canada)", "America/Los_Angeles"),
    ("Tijuana", "America/Tijuana"),
    ("Mountain Time (US & Canada)", "America/Denver"),
    ("Arizona", "America/Phoenix"),
    ("Chihuahua", "America/Chihuahua"),
    ("Mazatlan", "America/Mazatlan"),
    ("Central Time (US & Canada)", "America/Chicago"),
    ("Saskatchewan", "America/Regina"),
    ("Guadalajara", "America/Mexico_City"),
    ("Mexico City", "America/Mexico_City"),
    ("Monterrey", "America/Monterrey"),
    ("Central America", "America/Guatemala"),
    ("Eastern Time (US & Canada)", "America/New_York"),
    ("Indiana (East)", "America/Indiana/Indianapolis"),
    ("Bogota", "America/Bogota"),
    ("Lima", "America/Lima"),
    ("Quito", "America/Lima"),
    ("Atlantic Time (Canada)", "America/Halifax"),
    ("Caracas", "America/Caracas"),
    ("La Paz", "America/La_Paz"),
    ("Santiago", "America/Santiago"),
    ("Newfoundland", "America/St_Johns"),
    ("Brasilia", "America/Sao_Paulo"),
    ("Buenos Aires", "America/Argentina/Buenos_Aires"),
    ("Montevideo", "America/Montevideo"),
    ("Georgetown", "America/Guyana"),
    ("Puerto Rico", "America/Puerto_Rico"),
    ("Greenland", "America/Godthab"),
    ("Mid-Atlantic", "Atlantic/South_Georgia"),
    ("Azores", "Atlantic/Azores"),
    ("Cape Verde Is.", "Atlantic/Cape_Verde"),
    ("Dublin", "Europe/Dublin"),
    ("Edinburgh", "Europe/London"),
    ("Lisbon", "Europe/Lisbon"),
    ("London", "Europe/London"),
    ("Casablanca", "Africa/Casablanca"),
    ("Monrovia", "Africa/Monrovia"),
    ("UTC", "Etc/UTC"),
    ("Belgrade", "Europe/Belgrade"),
    ("Bratislava", "Europe/Bratislava"),
    ("Budapest", "Europe/Budapest"),
    ("Ljubljana", "Europe/Ljubljana"),
    ("Prague", "Europe/Prague"),
    ("Sarajevo", "Europe/Sarajevo"),
    ("Skopje", "Europe/Skopje"),
    ("Warsaw", "Europe/Warsaw"),
    ("Zagreb", "Europe/Zagreb"),
    ("Brussels", "Europe/Brussels"),
    ("Copenhagen", "Europe/Copenhagen"),
    ("Madrid", "Europe/Madrid"),
    ("Paris", "Europe/Paris"),
    ("Amsterdam", "Europe/Amsterdam"),
    ("Berlin", "Europe/Berlin"),
    ("Bern", "Europe/Zurich"),
    ("Zurich", "Europe/Zurich"),
    ("Rome", "Europe/Rome"),
    ("Stockholm", "Europe/Stockholm"),
    ("Vienna", "Europe/Vienna"),
    ("West Central Africa", "Africa/Algiers"),
    ("Bucharest", "Europe/Bucharest"),
    ("Cairo", "Africa/Cairo"),
    ("Helsinki", "Europe/Helsinki"),
    ("Kyiv", "Europe/Kiev"),
    ("Riga", "Europe/Riga"),
    ("Sofia", "Europe/Sofia"),
    ("Tallinn", "Europe/Tallinn"),
    ("Vilnius", "Europe/Vilnius"),
    ("Athens", "Europe/Athens"),
    ("Istanbul", "Europe/Istanbul"),
    ("Minsk", "Europe/Minsk"),
    ("Jerusalem", "Asia/Jerusalem"),
    ("Harare", "Africa/Harare"),
    ("Pretoria", "Africa/Johannesburg"),
    ("Kaliningrad", "Europe/Kaliningrad"),
    ("Moscow", "Europe/Moscow"),
    ("St. Petersburg", "Europe/Moscow"),
    ("Volgograd", "Europe/Volgograd"),
    ("Samara", "Europe/Samara"),
    ("Kuwait", "Asia/Kuwait"),
    ("Riyadh", "Asia/Riyadh"),
    ("Nairobi", "Africa/Nairobi"),
    ("Baghdad", "Asia/Baghdad"),
    ("Tehran", "Asia/Tehran"),
    ("Abu Dhabi", "Asia/Muscat"),
    ("Muscat", "Asia/Muscat"),
    ("Baku", "Asia/Baku"),
    ("Tbilisi", "Asia/Tbilisi"),
    ("Yerevan", "Asia/Yerevan"),
    ("Kabul", "Asia/Kabul"),
    ("Ekaterinburg", "Asia/Yekaterinburg"),
    ("Islamabad", "Asia/Karachi"),
    ("Karachi", "Asia/Karachi"),
    ("Tashkent", "Asia/Tashkent"),
    ("Chennai", "Asia/Kolkata"),
    ("Kolkata", "Asia/Kolkata"),
    ("Mumbai", "Asia/Kolkata"),
    ("New Delhi", "Asia/Kolkata"),
    ("Kathmandu", "Asia/Kathmandu"),
    ("Astana", "Asia/Dhaka"),
    ("Dhaka", "Asia/Dhaka"),
    ("Sri Jayawardenepura", "Asia/Colombo"),
    ("Almaty", "Asia/Almaty"),
    ("Novosibirsk", "Asia/Novosibirsk"),
    ("Rangoon", "Asia/Rangoon"),
    ("Bangkok", "Asia/Bangkok"),
    ("Hanoi", "Asia/Bangkok"),
    ("Jakarta", "Asia/Jakarta"),
    ("Krasnoyarsk", "Asia/Krasnoyarsk"),
    ("Beijing", "Asia/Shanghai"),
    ("Chongqing", "Asia/Chongqing"),
    ("Hong Kong", "Asia/Hong_Kong"),
    ("Urumqi", "Asia/Urumqi"),
    ("Kuala Lumpur", "Asia/Kuala_Lumpur"),
    ("Singapore", "Asia/Singapore"),
    ("Taipei", "Asia/Taipei"),
    ("Perth", "Australia/Perth"),
    ("Irkutsk", "Asia/Irkutsk"),
    ("Ulaanbaatar", "Asia/Ulaanbaatar"),
    ("Seoul", "Asia/Seoul"),
    ("Osaka", "Asia/Tokyo"),
    ("Sapporo", "Asia/Tokyo"),
    ("Tokyo", "Asia/Tokyo"),
    ("Yakutsk", "Asia/Yakutsk"),
    ("Darwin", "Australia/Darwin"),
    ("Adelaide", "Australia/Adelaide"),
    ("Canberra", "Australia/Melbourne"),
    ("Melbourne", "Australia/Melbourne"),
    ("Sydney", "Australia/Sydney"),
    ("Brisbane", "Australia/Brisbane"),
    ("Hobart", "Australia/Hobart"),
    ("Vladivostok", "Asia/Vladivostok"),
    ("Guam", "Pacific/Guam"),
    ("Port Moresby", "Pacific/Port_Moresby"),
    ("Magadan", "Asia/Magadan"),
    ("Srednekolymsk", "Asia/Srednekolymsk"),
    ("Solomon Is.", "Pacific/Guadalcanal"),
    ("New Caledonia", "Pacific/Noumea"),
    ("Fiji", "Pacific/Fiji"),
    ("Kamchatka", "Asia/Kamchatka"),
    ("Marshall Is.", "Pacific/Majuro"),
    ("Auckland", "Pacific/Auckland"),
    ("Wellington", "Pacific/Auckland"),
    ("Nuku'alofa", "Pacific/Tongatapu"),
    ("Tokelau Is.", "Pacific/Fakaofo"),
    ("Chatham Is.", "Pacific/Chatham"),
    ("Samoa", "Pacific/Apia"),
];

/// The Zendesk (Rails) name for an IANA zone, or `None` when no listed zone keeps the same
/// time. `at` anchors the offset comparison (the export date).
pub fn zendesk_name(iana: &str, at: Timestamp) -> Option<(&'static str, ZoneMatch)> {
    let utc_like =
        ["UTC", "Etc/UTC", "Etc/UCT", "UCT", "GMT", "Etc/GMT", "Etc/Zulu", "Zulu", "Universal", "Etc/Universal"];
    if utc_like.contains(&iana) {
        return Some(("UTC", ZoneMatch::Exact));
    }
    let city = iana.rsplit('/').next().unwrap_or(iana).replace('_', " ");
    let exact: Vec<&'static str> = RAILS_ZONES.iter().filter(|(_, z)| *z == iana).map(|(n, _)| *n).collect();
    if let Some(best) = exact.iter().find(|n| **n == city).or_else(|| exact.first()) {
        return Some((best, ZoneMatch::Exact));
    }
    offset_twin(iana, at)
}

/// Results of the offset search by (zone, year): the search compares ~150 zones at ~4,400
/// instants, milliseconds of work that `migrate batch` would otherwise repeat for every
/// account in the same unlisted zone. Keyed by year because the samples are anchored on the
/// start of the export's year, so the key decides the result.
static TWINS: OnceLock<Mutex<TwinCache>> = OnceLock::new();

/// (IANA zone, year) → the Rails twin, or `None` when there is none.
type TwinCache = HashMap<(String, i16), Option<&'static str>>;

/// The Rails zone whose offsets agree with `iana` at every sampled instant (memoised).
fn offset_twin(iana: &str, at: Timestamp) -> Option<(&'static str, ZoneMatch)> {
    let year = at.to_zoned(TimeZone::UTC).year();
    let cache = TWINS.get_or_init(Default::default);
    let key = (iana.to_owned(), year);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).copied()) {
        return hit.map(|n| (n, ZoneMatch::SameOffsets));
    }
    let found = search_twin(iana, year);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, found);
    }
    found.map(|n| (n, ZoneMatch::SameOffsets))
}

fn search_twin(iana: &str, year: i16) -> Option<&'static str> {
    let target = TimeZone::get(iana).ok()?;
    let anchor = jiff::civil::date(year, 1, 1).to_zoned(TimeZone::UTC).ok()?.timestamp();
    let samples = sample_instants(anchor);
    let same = |tz: &TimeZone| samples.iter().all(|t| tz.to_offset(*t) == target.to_offset(*t));
    let city = iana.rsplit('/').next().unwrap_or(iana).replace('_', " ");
    // Among the zones that keep the same time, prefer one named after the same city
    // (`Europe/Kyiv` is Rails' "Kyiv", listed under its old spelling), then one in the same
    // region (`America/…`), then the first.
    let region = iana.split('/').next().unwrap_or("");
    let twins: Vec<(&'static str, &'static str)> =
        RAILS_ZONES.iter().filter(|(_, zone)| TimeZone::get(zone).is_ok_and(|tz| same(&tz))).copied().collect();
    twins
        .iter()
        .find(|(n, _)| *n == city)
        .or_else(|| twins.iter().find(|(_, z)| z.split('/').next() == Some(region)))
        .or_else(|| twins.first())
        .map(|(n, _)| *n)
}

/// Every six hours from a year before `anchor` to two years after.
fn sample_instants(anchor: Timestamp) -> Vec<Timestamp> {
    let step = SignedDuration::from_hours(6);
    let mut t = anchor.checked_sub(SignedDuration::from_hours(24 * 365)).unwrap_or(anchor);
    let end = anchor.checked_add(SignedDuration::from_hours(24 * 365 * 2)).unwrap_or(anchor);
    let mut v = Vec::new();
    while t < end {
        v.push(t);
        match t.checked_add(step) {
            Ok(n) => t = n,
            Err(_) => break,
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> Timestamp {
        "2026-11-02T09:30:00Z".parse().unwrap()
    }

    #[test]
    fn listed_zones_map_by_city() {
        assert_eq!(zendesk_name("Europe/Berlin", at()), Some(("Berlin", ZoneMatch::Exact)));
        assert_eq!(zendesk_name("Europe/London", at()), Some(("London", ZoneMatch::Exact)));
        assert_eq!(zendesk_name("Asia/Kolkata", at()), Some(("Kolkata", ZoneMatch::Exact)));
        assert_eq!(zendesk_name("America/New_York", at()), Some(("Eastern Time (US & Canada)", ZoneMatch::Exact)));
        assert_eq!(zendesk_name("Etc/UTC", at()), Some(("UTC", ZoneMatch::Exact)));
    }

    #[test]
    fn unlisted_zones_map_by_offsets() {
        assert_eq!(zendesk_name("America/Toronto", at()), Some(("Eastern Time (US & Canada)", ZoneMatch::SameOffsets)));
        // Kyiv's canonical name is not the one Rails lists.
        assert_eq!(zendesk_name("Europe/Kyiv", at()).map(|m| m.0), Some("Kyiv"));
        assert!(zendesk_name("Europe/Oslo", at()).is_some());
    }

    #[test]
    fn the_search_is_memoised_per_zone_and_year() {
        let first = zendesk_name("America/Vancouver", at());
        assert_eq!(first, Some(("Pacific Time (US & Canada)", ZoneMatch::SameOffsets)));
        // Same year, another day: answered from the cache, and the same as a fresh search.
        let later: Timestamp = "2026-03-01T00:00:00Z".parse().unwrap();
        assert_eq!(zendesk_name("America/Vancouver", later), first);
        assert_eq!(search_twin("America/Vancouver", 2026), Some("Pacific Time (US & Canada)"));
        assert!(TWINS.get().unwrap().lock().unwrap().contains_key(&("America/Vancouver".to_owned(), 2026)));
        assert_eq!(zendesk_name("Pacific/Marquesas", at()), None);
    }

    #[test]
    fn every_rails_zone_exists_in_the_database() {
        for (name, zone) in RAILS_ZONES {
            assert!(TimeZone::get(zone).is_ok(), "{name} -> {zone}");
        }
    }
}
