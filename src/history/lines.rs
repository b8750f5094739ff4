//! Whole lines in large chunks, with `memchr` to find the line ends.
//!
//! The file is read in chunks of [`CHUNK`] bytes cut after their last newline (the rest is
//! carried into the next chunk), so every chunk holds whole lines and can be parsed on its
//! own, on any thread. A line longer than a chunk grows the chunk up to [`MAX_LINE`];
//! a longer one is skipped as a bad line without being held in memory.

use std::io::{self, Read};

/// Bytes read at a time. Large enough that system calls and hand-overs between threads
/// cost nothing next to parsing; small enough that a few chunks in flight stay well inside
/// the fixed part of the memory bound.
pub(super) const CHUNK: usize = 2 << 20;

/// The longest line read. A whole incremental-export page of 1,000 chats is a few MB; a
/// longer line is reported and skipped.
pub(super) const MAX_LINE: usize = 32 << 20;

/// What [`Chunks::next`] put in the buffer.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Piece {
    /// Whole lines (the last one may lack its newline at the end of the file).
    Lines,
    /// One line longer than [`MAX_LINE`], skipped; the buffer is empty.
    TooLong,
}

#[derive(Debug)]
pub(super) struct Chunks<R> {
    src: R,
    carry: Vec<u8>,
    eof: bool,
}

impl<R: Read> Chunks<R> {
    pub(super) fn new(src: R) -> Self {
        Chunks { src, carry: Vec::new(), eof: false }
    }

    /// Fill `buf` with the next whole lines; `None` at the end of the file.
    pub(super) fn next(&mut self, buf: &mut Vec<u8>) -> io::Result<Option<Piece>> {
        buf.clear();
        buf.extend_from_slice(&self.carry);
        self.carry.clear();
        let mut target = CHUNK;
        loop {
            self.fill(buf, target)?;
            if buf.is_empty() {
                return Ok(None);
            }
            if self.eof {
                return Ok(Some(Piece::Lines));
            }
            if let Some(p) = memchr::memrchr(b'\n', buf) {
                self.carry.extend_from_slice(&buf[p + 1..]);
                buf.truncate(p + 1);
                return Ok(Some(Piece::Lines));
            }
            // No line end yet: one line longer than a chunk.
            if buf.len() >= MAX_LINE {
                self.skip_line(buf)?;
                return Ok(Some(Piece::TooLong));
            }
            target = (target * 2).min(MAX_LINE);
        }
    }

    /// Read until `buf` holds `target` bytes or the file ends.
    fn fill(&mut self, buf: &mut Vec<u8>, target: usize) -> io::Result<()> {
        while !self.eof && buf.len() < target {
            let want = target - buf.len();
            buf.reserve_exact(want);
            let n = (&mut self.src).take(want as u64).read_to_end(buf)?;
            if n < want {
                self.eof = true;
            }
        }
        Ok(())
    }

    /// Drop the rest of an over-long line; what follows its newline is carried.
    fn skip_line(&mut self, buf: &mut Vec<u8>) -> io::Result<()> {
        loop {
            buf.clear();
            self.fill(buf, CHUNK)?;
            if let Some(p) = memchr::memchr(b'\n', buf) {
                self.carry.extend_from_slice(&buf[p + 1..]);
                buf.clear();
                return Ok(());
            }
            if self.eof {
                buf.clear();
                return Ok(());
            }
        }
    }
}

/// Each line of a chunk, without its line end; blank lines included (they count for line
/// numbers).
pub(super) fn each_line(chunk: &[u8], mut f: impl FnMut(&[u8])) {
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', chunk) {
        f(trim_end(&chunk[start..nl]));
        start = nl + 1;
    }
    if start < chunk.len() {
        f(trim_end(&chunk[start..]));
    }
}

fn trim_end(mut b: &[u8]) -> &[u8] {
    while let [rest @ .., last] = b {
        if last.is_ascii_whitespace() {
            b = rest;
        } else {
            break;
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(data: &[u8]) -> (Vec<Vec<u8>>, usize) {
        let mut c = Chunks::new(data);
        let mut buf = Vec::new();
        let (mut lines, mut too_long) = (Vec::new(), 0);
        while let Some(p) = c.next(&mut buf).unwrap() {
            match p {
                Piece::Lines => each_line(&buf, |l| lines.push(l.to_vec())),
                Piece::TooLong => too_long += 1,
            }
        }
        (lines, too_long)
    }

    #[test]
    fn lines_survive_chunk_boundaries() {
        let mut data = Vec::new();
        let mut expect = Vec::new();
        for i in 0..200_000u32 {
            let l = format!("{{\"id\":\"{i}\"}}");
            data.extend_from_slice(l.as_bytes());
            data.extend_from_slice(if i % 3 == 0 { b"\r\n" } else { b"\n" });
            expect.push(l.into_bytes());
        }
        data.extend_from_slice(b"last");
        expect.push(b"last".to_vec());
        let (lines, too_long) = all(&data);
        assert_eq!(too_long, 0);
        assert_eq!(lines, expect);
    }

    #[test]
    fn a_line_longer_than_a_chunk_is_read_and_a_huge_one_skipped() {
        let long = vec![b'x'; CHUNK * 3];
        let huge = vec![b'y'; MAX_LINE + 10];
        let mut data = b"a\n".to_vec();
        data.extend_from_slice(&long);
        data.push(b'\n');
        data.extend_from_slice(&huge);
        data.extend_from_slice(b"\nb\n\n");
        let (lines, too_long) = all(&data);
        assert_eq!(too_long, 1);
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[1].len(), CHUNK * 3);
        assert_eq!((lines[0].as_slice(), lines[2].as_slice(), lines[3].as_slice()), (&b"a"[..], &b"b"[..], &b""[..]));
    }
}
