//! The lists a knowledge base is made of (substances, rules, names...), stored either as
//! entries compiled in this run or as postcard-encoded entries in the blob compiled into the
//! binary. An encoded entry is decoded the first time it is read and kept (threads that read
//! it at once may each decode it; one copy is kept): one check reads a handful of the
//! thousands of entries, so start-up costs no allocation per entry.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Index, Range};

use once_cell::race::OnceBox;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A position in one list of a knowledge base. Each list that other entries point into has
/// its own index type, so a class's position cannot index the substances.
pub trait EntryIndex: Copy {
    fn position(self) -> usize;
    fn at(position: usize) -> Self;
}

impl EntryIndex for usize {
    fn position(self) -> usize {
        self
    }

    fn at(position: usize) -> Self {
        position
    }
}

/// An entry identified by a string that is its first field (an id or a name's key): an
/// encoded entry's key is read where it lies, without decoding the entry.
pub trait Keyed {
    fn key(&self) -> &str;
}

/// What a list's entries are indexed by.
pub trait Entry {
    type Index: EntryIndex;
}

pub struct Entries<T> {
    storage: Storage<T>,
}

enum Storage<T> {
    Built(Vec<T>),
    Encoded {
        /// `len + 1` little-endian `u32` offsets into `entries`.
        offsets: &'static [u8],
        entries: &'static [u8],
        decoded: Box<[OnceBox<T>]>,
    },
}

const OFFSET_SIZE: usize = size_of::<u32>();

/// Why encoded bytes cannot be a list.
#[derive(Debug)]
pub struct MalformedEntries;

impl<T> From<Vec<T>> for Entries<T> {
    fn from(entries: Vec<T>) -> Self {
        Entries {
            storage: Storage::Built(entries),
        }
    }
}

impl<T> Entries<T> {
    pub fn len(&self) -> usize {
        match &self.storage {
            Storage::Built(entries) => entries.len(),
            Storage::Encoded { decoded, .. } => decoded.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T: DeserializeOwned> Entries<T> {
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            list: self,
            indices: 0..self.len(),
        }
    }

    /// Every entry with its index.
    pub fn indexed(&self) -> impl Iterator<Item = (T::Index, &T)>
    where
        T: Entry,
    {
        self.iter()
            .enumerate()
            .map(|(position, entry)| (T::Index::at(position), entry))
    }

    /// Reads a list that [`Entries::encode`] wrote with `len` entries.
    pub fn decode(bytes: &'static [u8], len: usize) -> Result<Self, MalformedEntries> {
        let offsets_size = (len + 1) * OFFSET_SIZE;
        let offsets = bytes.get(..offsets_size).ok_or(MalformedEntries)?;
        let entries = &bytes[offsets_size..];
        if read_offset(offsets, len) != entries.len() {
            return Err(MalformedEntries);
        }
        Ok(Entries {
            storage: Storage::Encoded {
                offsets,
                entries,
                decoded: (0..len).map(|_| OnceBox::new()).collect(),
            },
        })
    }
}

impl<T: Serialize + DeserializeOwned> Entries<T> {
    /// Appends the entries to `out` as offsets then postcard encodings; returns the number of
    /// bytes written.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<usize, postcard::Error> {
        let mut entries = Vec::new();
        let mut offsets = Vec::with_capacity((self.len() + 1) * OFFSET_SIZE);
        for entry in self {
            offsets.extend_from_slice(&offset_bytes(entries.len()));
            entries = postcard::to_extend(entry, entries)?;
        }
        offsets.extend_from_slice(&offset_bytes(entries.len()));
        out.extend_from_slice(&offsets);
        out.extend_from_slice(&entries);
        Ok(offsets.len() + entries.len())
    }
}

fn offset_bytes(offset: usize) -> [u8; OFFSET_SIZE] {
    u32::try_from(offset)
        .expect("a knowledge base is capped far below 4 GiB")
        .to_le_bytes()
}

fn read_offset(offsets: &[u8], index: usize) -> usize {
    let start = index * OFFSET_SIZE;
    let bytes: [u8; OFFSET_SIZE] = offsets[start..start + OFFSET_SIZE]
        .try_into()
        .expect("the slice has the size of an offset");
    u32::from_le_bytes(bytes) as usize
}

fn decode_entry<'a, T: Deserialize<'a>>(offsets: &[u8], entries: &'a [u8], index: usize) -> T {
    let range = read_offset(offsets, index)..read_offset(offsets, index + 1);
    // The build script decodes every entry of the blob it writes and compares the result
    // with what it compiled, so an entry that does not decode means the binary is damaged.
    entries
        .get(range)
        .and_then(|bytes| postcard::from_bytes(bytes).ok())
        .expect("the built-in knowledge base was verified entry by entry when it was built")
}

impl<T: DeserializeOwned> Entries<T> {
    fn entry(&self, index: usize) -> &T {
        match &self.storage {
            Storage::Built(entries) => &entries[index],
            Storage::Encoded {
                offsets,
                entries,
                decoded,
            } => decoded[index].get_or_init(|| Box::new(decode_entry(offsets, entries, index))),
        }
    }
}

impl<T: DeserializeOwned + Keyed> Entries<T> {
    /// The key of the entry at `index`. A lookup reads the keys of the entries it passes over,
    /// and decoding each of them whole would cost more than the lookup.
    pub fn key_at(&self, index: usize) -> &str {
        match &self.storage {
            Storage::Built(entries) => entries[index].key(),
            Storage::Encoded {
                offsets,
                entries,
                decoded,
            } => match decoded[index].get() {
                Some(entry) => entry.key(),
                // postcard writes a struct's fields in order, a string as its length then its
                // bytes: the first field's string is the entry's first bytes.
                None => decode_entry(offsets, entries, index),
            },
        }
    }

    /// The entry whose key is `key`, in a list sorted by key.
    pub fn find_sorted(&self, key: &str) -> Option<T::Index>
    where
        T: Entry,
    {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.key_at(middle).cmp(key) {
                Ordering::Less => low = middle + 1,
                Ordering::Greater => high = middle,
                Ordering::Equal => return Some(T::Index::at(middle)),
            }
        }
        None
    }
}

impl<T: DeserializeOwned + Entry> Index<T::Index> for Entries<T> {
    type Output = T;

    fn index(&self, index: T::Index) -> &T {
        self.entry(index.position())
    }
}

pub struct Iter<'a, T> {
    list: &'a Entries<T>,
    indices: Range<usize>,
}

impl<'a, T: DeserializeOwned> Iterator for Iter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        self.indices.next().map(|i| self.list.entry(i))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.indices.size_hint()
    }
}

impl<'a, T: DeserializeOwned> IntoIterator for &'a Entries<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T: DeserializeOwned + fmt::Debug> fmt::Debug for Entries<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}
