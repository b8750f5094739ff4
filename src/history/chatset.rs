//! The set of distinct chats, 16 bytes each, in sorted and compacted vectors.
//!
//! The memory bound of a scan is 64 MB plus 16 bytes per distinct chat (issue 6), and the
//! de-duplication set is the one thing that grows with the file. A hash table would need
//! slack (a load factor) and, when it grows, the old and the new table at once: about
//! three times the bound at the moment of growth. Instead:
//!
//! - each chat object becomes one [`Rec`] of two `u64`: a 56-bit hash of its id with eight
//!   state bits, and its start and end as `u32` seconds (0 = not given);
//! - records are appended to a fixed-size `pending` buffer in file order;
//! - when it is full, `pending` is sorted by hash (stably, so file order survives among
//!   repeats of one id), repeats are folded, and the result is merged into `main` from the
//!   back, in place, after growing `main` by exactly the room it needs.
//!
//! So `main` holds exactly one record per distinct chat, and the only other memory is the
//! fixed `pending` buffer and its sort scratch. At the end the same `main` is reused in
//! place for the concurrency sweep (see `figures`).
//!
//! Repeats (an updated chat appears again, a deleted chat appears with `deleted: true`)
//! are merged field by field, the later line winning for every field it carries: a
//! deletion record that leaves out `timestamp` or `zendesk_ticket_id` keeps what the earlier
//! line said. "Later" is file order, which is update order in an incremental export
//! (chat-api.md §3); the scan counts the places where `update_timestamp` goes backwards so
//! the plan can say when that assumption does not hold.
//!
//! A 56-bit hash may merge two different ids: with ten million chats the expected number
//! of such pairs is about 0.0007.

/// The ticket key was present (`zendesk_ticket_id`, null or not).
pub(super) const TICKET_SET: u64 = 1;
/// The chat made a ticket (`zendesk_ticket_id` not null).
pub(super) const TICKET: u64 = 1 << 1;
/// `deleted` was present.
pub(super) const DELETED_SET: u64 = 1 << 2;
/// `deleted: true`.
pub(super) const DELETED: u64 = 1 << 3;
/// `type` was present.
pub(super) const KIND_SET: u64 = 1 << 4;
/// `type: "offline_msg"`.
pub(super) const OFFLINE: u64 = 1 << 5;
/// `rating` was present (null or not).
pub(super) const RATING_SET: u64 = 1 << 6;
/// The visitor rated the chat (`rating` not null).
pub(super) const RATED: u64 = 1 << 7;
const FLAG_BITS: u32 = 8;
const FLAG_MASK: u64 = (1 << FLAG_BITS) - 1;
/// (set bit, value bit) pairs merged field by field.
const FIELDS: [(u64, u64); 4] =
    [(TICKET_SET, TICKET), (DELETED_SET, DELETED), (KIND_SET, OFFLINE), (RATING_SET, RATED)];

/// One chat: `[hash << 8 | flags, start << 32 | end]`. A plain array, so that the records
/// can be viewed as a flat list of `u64` for the sweep without copying.
pub(super) type Rec = [u64; 2];

pub(super) fn rec(hash: u64, flags: u64, start: u32, end: u32) -> Rec {
    [(hash & !FLAG_MASK) | (flags & FLAG_MASK), (u64::from(start) << 32) | u64::from(end)]
}

/// Reading a [`Rec`].
pub(super) trait RecExt: Copy {
    fn hash(self) -> u64;
    fn has(self, flags: u64) -> bool;
    fn start(self) -> u32;
    fn end(self) -> u32;
    /// `self` is the earlier version, `newer` the later: every field the later line gave
    /// wins.
    fn merge(self, newer: Rec) -> Rec;
}

impl RecExt for Rec {
    fn hash(self) -> u64 {
        self[0] >> FLAG_BITS
    }
    fn has(self, flags: u64) -> bool {
        self[0] & flags == flags
    }
    fn start(self) -> u32 {
        (self[1] >> 32) as u32
    }
    fn end(self) -> u32 {
        (self[1] & 0xFFFF_FFFF) as u32
    }
    fn merge(self, newer: Rec) -> Rec {
        let (old, new) = (self[0], newer[0]);
        let mut flags = 0;
        for (set, value) in FIELDS {
            let from = if new & set != 0 { new } else { old };
            flags |= from & (set | value);
        }
        let start = if newer.start() != 0 { newer.start() } else { self.start() };
        let end = if newer.end() != 0 { newer.end() } else { self.end() };
        rec(old, flags, start, end)
    }
}

/// Records waiting to be merged. 2^19 records are 8 MiB, plus up to as much again of sort
/// scratch while they are sorted.
const PENDING: usize = 1 << 19;

#[derive(Debug, Default)]
pub(super) struct ChatSet {
    main: Vec<Rec>,
    pending: Vec<Rec>,
    /// Objects that repeated an id seen before.
    repeats: u64,
}

impl ChatSet {
    pub(super) fn new() -> ChatSet {
        ChatSet { main: Vec::new(), pending: Vec::with_capacity(PENDING), repeats: 0 }
    }

    pub(super) fn push(&mut self, r: Rec) {
        self.pending.push(r);
        if self.pending.len() >= PENDING {
            self.flush();
        }
    }

    /// Merge everything pending; then `main` has one record per distinct chat, sorted by
    /// hash. Returns the records and the number of repeats folded.
    pub(super) fn finish(mut self) -> (Vec<Rec>, u64) {
        self.flush();
        (self.main, self.repeats)
    }

    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        // Stable: among records of one id, file order is kept, so the fold below sees the
        // earlier line first.
        self.pending.sort_by_key(|r| r.hash());
        let mut w = 0;
        for i in 0..self.pending.len() {
            let r = self.pending[i];
            if w > 0 && self.pending[w - 1].hash() == r.hash() {
                self.pending[w - 1] = self.pending[w - 1].merge(r);
                self.repeats += 1;
            } else {
                self.pending[w] = r;
                w += 1;
            }
        }
        self.pending.truncate(w);

        // Merge from the back into the room made at the end of `main`: the write position
        // never passes the read position, so no second buffer is needed.
        let old = self.main.len();
        let p = self.pending.len();
        self.main.reserve_exact(p);
        self.main.resize(old + p, [0, 0]);
        let (mut i, mut j, mut k) = (old, p, old + p);
        while j > 0 {
            let b = self.pending[j - 1];
            if i > 0 && self.main[i - 1].hash() > b.hash() {
                self.main[k - 1] = self.main[i - 1];
                i -= 1;
            } else if i > 0 && self.main[i - 1].hash() == b.hash() {
                self.main[k - 1] = self.main[i - 1].merge(b);
                self.repeats += 1;
                i -= 1;
                j -= 1;
            } else {
                self.main[k - 1] = b;
                j -= 1;
            }
            k -= 1;
        }
        // `main[..i]` is untouched and in place; close the gap left by merged repeats.
        if k > i {
            self.main.copy_within(k..old + p, i);
            self.main.truncate(i + (old + p - k));
        }
        self.pending.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_lines_win_field_by_field() {
        let a = rec(5 << FLAG_BITS, TICKET_SET | TICKET | KIND_SET, 100, 200);
        let tombstone = rec(5 << FLAG_BITS, DELETED_SET | DELETED, 0, 0);
        let m = a.merge(tombstone);
        assert_eq!((m.start(), m.end()), (100, 200));
        assert!(m.has(TICKET | DELETED | KIND_SET));
        let cleared = m.merge(rec(5 << FLAG_BITS, TICKET_SET, 0, 300));
        assert!(!cleared.has(TICKET) && cleared.has(DELETED));
        assert_eq!(cleared.end(), 300);
    }

    #[test]
    fn merging_keeps_one_record_per_id_across_flushes() {
        let mut s = ChatSet::new();
        // Three rounds over ids 0..n with repeats inside a round and across rounds.
        let n = PENDING as u64 + 1000;
        for round in 0..3u32 {
            for id in (0..n).rev() {
                if round == 1 && id % 2 == 0 {
                    continue;
                }
                s.push(rec(id.wrapping_mul(0x9E37_79B9_7F4A_7C15) << FLAG_BITS, 0, round + 1, 0));
            }
        }
        s.push(rec(7u64.wrapping_mul(0x9E37_79B9_7F4A_7C15) << FLAG_BITS, 0, 9, 0));
        let (main, repeats) = s.finish();
        assert_eq!(main.len() as u64, n);
        assert_eq!(repeats, 3 * n - n / 2 + 1 - n);
        assert!(main.windows(2).all(|w| w[0].hash() < w[1].hash()));
        // The last line of each id won.
        let seven =
            main.iter().find(|r| r.hash() == (7u64.wrapping_mul(0x9E37_79B9_7F4A_7C15) << FLAG_BITS) >> FLAG_BITS);
        assert_eq!(seven.map(|r| r.start()), Some(9));
        assert!(main.iter().filter(|r| r.hash() != seven.map_or(0, |s| s.hash())).all(|r| r.start() == 3));
    }
}
